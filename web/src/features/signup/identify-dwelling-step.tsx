import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import {
  checkBuildingCodeBody,
  identifyByDwellingReferenceBody,
  identifyBySerialBody,
  SIGNUP_DEVICE_TYPES,
  type ResidenceSummary,
  type SignupDeviceType,
  type SignupState,
} from '#shared/contracts/signup.ts';
import type { ApiError } from '../../api/client.ts';
import { describedBy, FieldError, RefusalMessage, TextField, useFieldErrors, useSubmission, validate } from './form-support.tsx';
import { SerialNumberHelpDialog } from './serial-number-help-dialog.tsx';
import { recallTypedCodes, rememberTypedCodes, signupApi } from './signup-api.ts';
import { SignupFrame } from './signup-frame.tsx';
import { useSignupText, type SignupText } from './signup-i18n.ts';

type Way = 'serial' | 'buildingCode';

/** The refusal, said in the words this screen needs: a device-type mismatch names both types. */
function Refusal({ error, t }: { error: ApiError | null; t: SignupText }) {
  if (!error) return null;
  if (error.code === 'signup_device_type_mismatch') {
    const found = t(`identify.deviceTypes.${String(error.details.foundType) as Exclude<SignupDeviceType, 'unknown'>}`);
    const chosen = t(`identify.deviceTypes.${String(error.details.chosenType) as SignupDeviceType}`);
    return (
      <div className="refusal" role="alert">
        <p>{t('identify.mismatch', { found, chosen })}</p>
      </div>
    );
  }
  return (
    <RefusalMessage error={error}>
      {(error.code === 'signup_dwelling_already_registered' || error.code.endsWith('_unknown')) && (
        <p>
          <Link to="/inscription/assistance">{t('identify.contactSupportLink')}</Link>
        </p>
      )}
    </RefusalMessage>
  );
}

function SerialNumberForm({ onIdentified, t }: { onIdentified: (state: SignupState) => void; t: SignupText }) {
  // Back here with « Précédent »: what was typed is shown again.
  const [deviceType, setDeviceType] = useState<SignupDeviceType | ''>(recallTypedCodes().deviceType ?? '');
  const [serialNumber, setSerialNumber] = useState(recallTypedCodes().serialNumber ?? '');
  const [isHelpOpen, setHelpOpen] = useState(false);
  const submission = useSubmission();
  const { errors, setErrors, recheck } = useFieldErrors(identifyBySerialBody, submission);

  async function submit(event: FormEvent) {
    event.preventDefault();
    const { data, errors: found } = validate(identifyBySerialBody, { deviceType: deviceType || undefined, serialNumber });
    setErrors(found);
    if (!data) return;
    rememberTypedCodes({ serialNumber, deviceType: data.deviceType });
    const state = await submission.run(() => signupApi.identifyBySerial(data));
    if (state) onIdentified(state);
  }

  return (
    <form onSubmit={submit} noValidate className="signup-form">
      <fieldset aria-describedby={describedBy(errors.deviceType && 'device-type-error')}>
        <legend>{t('identify.deviceType')}</legend>
        <div className="choice-row">
          {SIGNUP_DEVICE_TYPES.map((type) => (
            <label key={type} className="choice">
              <input
                type="radio"
                name="deviceType"
                value={type}
                checked={deviceType === type}
                onChange={() => {
                  setDeviceType(type);
                  recheck('deviceType', { deviceType: type, serialNumber });
                }}
              />
              {t(`identify.deviceTypes.${type}`)}
            </label>
          ))}
        </div>
        <FieldError id="device-type-error" t={t} messageKey={errors.deviceType} />
      </fieldset>
      <TextField
        id="serial-number"
        label={t('identify.serialNumber')}
        inputMode="numeric"
        value={serialNumber}
        onChange={(value) => {
          setSerialNumber(value);
          recheck('serialNumber', { deviceType: deviceType || undefined, serialNumber: value });
        }}
        t={t}
        errorKey={errors.serialNumber}
        hint={
          <>
            {t('identify.serialHint')}{' '}
            <button type="button" className="link-button" onClick={() => setHelpOpen(true)}>
              {t('identify.help')}
            </button>
          </>
        }
      />
      <Refusal error={submission.error} t={t} />
      <button type="submit" className="button button-primary" disabled={submission.isPending}>
        {t('identify.verify')}
      </button>
      <SerialNumberHelpDialog
        isOpen={isHelpOpen}
        onClose={() => setHelpOpen(false)}
        initialTab={deviceType === 'hot_water' || deviceType === 'cold_water' || deviceType === 'heating' ? deviceType : undefined}
      />
    </form>
  );
}

function BuildingCodeForm({ onIdentified, t }: { onIdentified: (state: SignupState) => void; t: SignupText }) {
  const [buildingCode, setBuildingCode] = useState(recallTypedCodes().buildingCode ?? '');
  const [dwellingReference, setDwellingReference] = useState(recallTypedCodes().dwellingReference ?? '');
  const [residence, setResidence] = useState<ResidenceSummary | null>(null);
  const submission = useSubmission();
  const { errors, setErrors, recheck } = useFieldErrors(identifyByDwellingReferenceBody, submission);

  async function submit(event: FormEvent) {
    event.preventDefault();
    rememberTypedCodes({ buildingCode, dwellingReference });
    if (!residence) {
      const { data, errors: found } = validate(checkBuildingCodeBody, { buildingCode });
      setErrors(found);
      if (!data) return;
      const checked = await submission.run(() => signupApi.checkBuildingCode(data.buildingCode));
      if (checked) setResidence(checked.residence);
      return;
    }
    const { data, errors: found } = validate(identifyByDwellingReferenceBody, { buildingCode, dwellingReference });
    setErrors(found);
    if (!data) return;
    const state = await submission.run(() => signupApi.identifyByReference(data.buildingCode, data.dwellingReference));
    if (state) onIdentified(state);
  }

  return (
    <form onSubmit={submit} noValidate className="signup-form">
      <p className="note">{t('identify.buildingCodeIntro')}</p>
      <TextField
        id="building-code"
        label={t('identify.buildingCode')}
        inputMode="numeric"
        value={buildingCode}
        onChange={(value) => {
          setBuildingCode(value);
          setResidence(null);
          recheck('buildingCode', { buildingCode: value, dwellingReference });
        }}
        t={t}
        errorKey={errors.buildingCode}
      />
      {residence && (
        <>
          <p className="confirmation" role="status">
            {t('identify.buildingFound', { address: residence.address })}
          </p>
          <TextField
            id="dwelling-reference"
            label={t('identify.dwellingReference')}
            autoCapitalize="characters"
            value={dwellingReference}
            onChange={(value) => {
              setDwellingReference(value);
              recheck('dwellingReference', { buildingCode, dwellingReference: value });
            }}
            t={t}
            errorKey={errors.dwellingReference}
          />
        </>
      )}
      <Refusal error={submission.error} t={t} />
      <button type="submit" className="button button-primary" disabled={submission.isPending}>
        {residence ? t('continue') : t('identify.verify')}
      </button>
    </form>
  );
}

/** Step 1, « Identifier votre logement »: by a device's serial number, or by building code then dwelling reference. */
export function IdentifyDwellingStep({ onIdentified }: { onIdentified: (state: SignupState) => void }) {
  const { t: appText } = useTranslation();
  const t = useSignupText();
  const [way, setWay] = useState<Way>('serial');

  return (
    <SignupFrame step="identify" heading={appText('signup.steps.identify')}>
      {/* The form comes first, so that « Vérifier » is within a phone's first screen; the condition follows it. */}
      <fieldset className="way-choice">
        <legend>
          {appText('signup.identify.intro')}
          {/* The radios below say it on screen; a screen reader hears the seed's whole sentence. */}
          <span className="visually-hidden"> {appText('signup.identify.introHow')}</span>
        </legend>
        <label className="choice">
          <input type="radio" name="way" checked={way === 'serial'} onChange={() => setWay('serial')} />
          {t('identify.bySerial')}
        </label>
        <label className="choice">
          <input type="radio" name="way" checked={way === 'buildingCode'} onChange={() => setWay('buildingCode')} />
          {t('identify.byBuildingCode')}
        </label>
      </fieldset>
      {way === 'serial' ? <SerialNumberForm onIdentified={onIdentified} t={t} /> : <BuildingCodeForm onIdentified={onIdentified} t={t} />}
      <p className="note identify-condition">{appText('signup.identify.portalOption')}</p>
    </SignupFrame>
  );
}

import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { Link } from 'react-router';
import { QueryState } from '../../components/query-state.tsx';
import { useDocumentTitle } from '../../components/use-document-title.ts';
import { AccountRefusal, useAccountSubmission } from '../accounts/account-form.tsx';
import { residentLinks } from './resident-paths.ts';
import { residentApi, residentSettingsKeys, type ResidentOptions } from './residents-api.ts';
import { useResidentText, type ResidentTextKey } from './residents-i18n.ts';

type OptionKey = keyof ResidentOptions;

const OPTION_LABEL: Record<OptionKey, ResidentTextKey> = {
  notifyLeakByEmail: 'options.leakByEmail',
  notifyLeakBySms: 'options.leakBySms',
  notifyOverconsumption: 'options.overconsumption',
  managerMaySeeDaily: 'options.managerDaily',
};

/** « Mes options »: each box is saved as soon as it changes, and applies at once (the manager's access included). */
export function OptionsPage() {
  const { t } = useResidentText();
  useDocumentTitle(t('options.title'));
  const options = useQuery({ queryKey: residentSettingsKeys.options, queryFn: residentApi.options, staleTime: 0 });
  return (
    <>
      <h1>{t('options.title')}</h1>
      <p className="lead">{t('options.intro')}</p>
      <QueryState query={options}>{(data) => <OptionsForm saved={data} />}</QueryState>
    </>
  );
}

function OptionsForm({ saved }: { saved: ResidentOptions }) {
  const { t } = useResidentText();
  const queryClient = useQueryClient();
  const submission = useAccountSubmission();
  const [values, setValues] = useState(saved);
  const [outcome, setOutcome] = useState<string>('');

  async function change(key: OptionKey, checked: boolean) {
    const previous = values;
    const next = { ...values, [key]: checked };
    setValues(next);
    setOutcome(t('options.saving'));
    const stored = await submission.run(() => residentApi.saveOptions(next));
    if (!stored) {
      setValues(previous);
      setOutcome('');
      return;
    }
    setValues(stored);
    queryClient.setQueryData(residentSettingsKeys.options, stored);
    setOutcome(t('options.saved', { option: t(OPTION_LABEL[key]), state: t(stored[key] ? 'options.on' : 'options.off') }));
  }

  const box = (key: OptionKey, hintId?: string) => (
    <label className="resident-choice">
      <input
        type="checkbox"
        checked={values[key]}
        disabled={submission.isSubmitting}
        aria-describedby={hintId}
        onChange={(event) => void change(key, event.target.checked)}
      />
      {t(OPTION_LABEL[key])}
    </label>
  );

  return (
    <form className="resident-settings-form" onSubmit={(event) => event.preventDefault()}>
      <AccountRefusal error={submission.error} />
      <fieldset className="resident-option">
        <legend>{t('options.leak')}</legend>
        <div className="resident-choice-row">
          {box('notifyLeakByEmail')}
          {box('notifyLeakBySms', 'option-sms-hint')}
        </div>
        <p id="option-sms-hint" className="resident-hint">
          {t('options.smsNeedsMobile')} <Link to={residentLinks.profile()}>{t('profile.title')}</Link>
        </p>
      </fieldset>
      <div className="resident-option">
        {box('notifyOverconsumption', 'option-overconsumption-hint')}
        <p id="option-overconsumption-hint" className="resident-hint">
          {t('options.overconsumptionHint')}
        </p>
      </div>
      <div className="resident-option">
        {box('managerMaySeeDaily', 'option-manager-hint')}
        <p id="option-manager-hint" className="resident-hint">
          {t('options.managerDailyHint')}
        </p>
      </div>
      <p role="status" className="resident-saved">
        {outcome}
      </p>
    </form>
  );
}

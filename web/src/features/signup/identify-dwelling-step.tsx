import { useTranslation } from 'react-i18next';
import { SignupFrame } from './signup-frame.tsx';

/** Step 1, « Identifier votre logement ». The serial-number and building-code forms come with the sign-up flow. */
export function IdentifyDwellingStep() {
  const { t } = useTranslation();
  return (
    <SignupFrame step="identify" heading={t('signup.steps.identify')}>
      <p className="note">{t('signup.identify.portalOption')}</p>
      <p>{t('signup.identify.intro')}</p>
    </SignupFrame>
  );
}

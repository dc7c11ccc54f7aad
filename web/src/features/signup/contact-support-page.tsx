import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { AssistanceForm } from '../assistance/assistance-form.tsx';
import { SignupFrame } from './signup-frame.tsx';

/** « Contacter l'assistance », reachable from every sign-up screen. */
export function ContactSupportPage() {
  const { t } = useTranslation();
  return (
    <SignupFrame heading={t('signup.contactSupport')}>
      <p>{t('signup.support.intro')}</p>
      <AssistanceForm />
      <p>
        <Link to="/inscription">{t('signup.support.backToSignup')}</Link>
      </p>
    </SignupFrame>
  );
}

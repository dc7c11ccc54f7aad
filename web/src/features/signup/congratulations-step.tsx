import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { SignupFrame } from './signup-frame.tsx';
import { useSignupText } from './signup-i18n.ts';

/** Step 7, « Félicitations ! ». */
export function CongratulationsStep() {
  const { t: appText } = useTranslation();
  const t = useSignupText();
  return (
    <SignupFrame step="congratulations" heading={appText('signup.steps.congratulations')}>
      <p>{t('congratulations.created')}</p>
      <p>{t('congratulations.canLogIn')}</p>
      <Link to="/connexion" className="button button-primary">
        {t('congratulations.logIn')}
      </Link>
    </SignupFrame>
  );
}

import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { useDocumentTitle } from '../../components/use-document-title.ts';
import { signupStepNumber, signupSteps, type SignupStep } from './signup-steps.ts';

interface SignupFrameProps {
  /** The screen being shown; omitted on pages beside the steps, such as assistance. */
  step?: SignupStep;
  /** The screen's own heading, under « Créer votre compte ». */
  heading: string;
  children: ReactNode;
}

/** What every sign-up screen shares: « Créer votre compte », the step, « Contacter l'assistance » top right. */
export function SignupFrame({ step, heading, children }: SignupFrameProps) {
  const { t } = useTranslation();
  useDocumentTitle(`${heading} – ${t('signup.documentTitle')}`);

  return (
    <div className="signup">
      <div className="signup-top">
        <h1 className="signup-title">{t('signup.title')}</h1>
        <Link to="/inscription/assistance" className="button button-secondary signup-support">
          {t('signup.contactSupport')}
        </Link>
      </div>
      <section className="signup-card" aria-labelledby="signup-step-heading">
        {step && (
          <p className="signup-progress">
            {t('signup.progress', { current: signupStepNumber(step), total: signupSteps.length })}
          </p>
        )}
        <h2 id="signup-step-heading">{heading}</h2>
        {children}
      </section>
    </div>
  );
}

import { useEffect, useRef, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { useDocumentTitle } from '../../components/use-document-title.ts';
import { signupStepNumber, signupSteps, type SignupStep } from './signup-steps.ts';

interface SignupFrameProps {
  /** The screen being shown; omitted on pages beside the steps, such as assistance. */
  step?: SignupStep;
  /** The screen's own heading, under « Créer votre compte ». */
  heading: string;
  /** « Précédent »: back to the previous screen, its answers kept. */
  onBack?: () => void;
  children: ReactNode;
}

/** What every sign-up screen shares: « Créer votre compte », the step, « Contacter l'assistance » top right. */
export function SignupFrame({ step, heading, onBack, children }: SignupFrameProps) {
  const { t } = useTranslation();
  useDocumentTitle(`${heading} – ${t('signup.documentTitle')}`);
  const headingElement = useRef<HTMLHeadingElement>(null);
  // Each step replaces the last on the same page: keyboard and screen-reader users start at its heading.
  useEffect(() => {
    if (step && step !== 'identify') headingElement.current?.focus();
  }, [step]);

  return (
    <div className="signup">
      <div className="signup-top">
        <h1 className="signup-title">{t('signup.title')}</h1>
        <Link to="/inscription/assistance" className="button button-secondary signup-support">
          {t('signup.contactSupport')}
        </Link>
      </div>
      <section className="signup-card" aria-labelledby="signup-step-heading">
        {onBack && (
          <button type="button" className="link-button signup-back" onClick={onBack}>
            <span aria-hidden="true">←</span>
            {t('signup.previous')}
          </button>
        )}
        {step && (
          <p className="signup-progress">
            {t('signup.progress', { current: signupStepNumber(step), total: signupSteps.length })}
          </p>
        )}
        <h2 id="signup-step-heading" ref={headingElement} tabIndex={-1}>
          {heading}
        </h2>
        {children}
      </section>
    </div>
  );
}

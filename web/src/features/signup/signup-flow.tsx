import { useEffect, useState } from 'react';
import type { SignupState } from '../../../../shared/signup.ts';
import { PageLoading } from '../../components/page-loading.tsx';
import { AttestStep } from './attest-step.tsx';
import { CongratulationsStep } from './congratulations-step.tsx';
import { IdentifyDwellingStep } from './identify-dwelling-step.tsx';
import { OptionsStep } from './options-step.tsx';
import { PersonalInfoStep } from './personal-info-step.tsx';
import { ProfileStep } from './profile-step.tsx';
import { signupApi } from './signup-api.ts';
import { VerificationStep } from './verification-step.tsx';

/**
 * The sign-up at /inscription. The server holds the step; this page asks for it on arrival (so a
 * reload or a visit to « Contacter l'assistance » resumes where the person was) and shows the
 * screen of whatever step each answer leads to.
 */
export function SignupFlow() {
  const [state, setState] = useState<SignupState | null | 'loading'>('loading');

  useEffect(() => {
    let isCurrent = true;
    signupApi.state().then(
      (current) => isCurrent && setState(current ?? null),
      () => isCurrent && setState(null),
    );
    return () => {
      isCurrent = false;
    };
  }, []);

  if (state === 'loading') return <PageLoading />;
  if (state === null) return <IdentifyDwellingStep onIdentified={setState} />;
  switch (state.step) {
    case 'attest':
      return <AttestStep state={state} onDone={setState} onNotMine={() => setState(null)} />;
    case 'profile':
      return <ProfileStep onDone={setState} />;
    case 'options':
      return <OptionsStep onDone={setState} />;
    case 'personal_info':
      return <PersonalInfoStep onDone={setState} />;
    case 'verify_email':
      return <VerificationStep state={state} onDone={setState} onEmailChanged={setState} />;
    case 'completed':
      return <CongratulationsStep />;
  }
}

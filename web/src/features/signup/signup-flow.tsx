import { useEffect, useState } from 'react';
import { useLocation, useNavigate } from 'react-router';
import type { SignupState } from '#shared/contracts/signup.ts';
import { PageLoading } from '../../components/page-loading.tsx';
import { AttestStep } from './attest-step.tsx';
import { CongratulationsStep } from './congratulations-step.tsx';
import { IdentifyDwellingStep } from './identify-dwelling-step.tsx';
import { OptionsStep } from './options-step.tsx';
import { PersonalInfoStep } from './personal-info-step.tsx';
import { ProfileStep } from './profile-step.tsx';
import { signupApi } from './signup-api.ts';
import { hasReached, isSignupStep, previousStep, screenOfServerStep, type SignupStep } from './signup-steps.ts';
import { VerificationStep } from './verification-step.tsx';

const SIGNUP_PATH = '/inscription';

/** What each history entry of the sign-up holds: screen names only, never an answer (and so never the password). */
interface SignupHistoryState {
  signupStep: SignupStep;
  /** The screen this entry was opened from, so « Précédent » can be the browser's Back. */
  openedFrom?: SignupStep;
}

function readHistoryState(state: unknown): SignupHistoryState | undefined {
  const candidate = state as Partial<SignupHistoryState> | null;
  return candidate && isSignupStep(candidate.signupStep) ? { signupStep: candidate.signupStep, openedFrom: candidate.openedFrom } : undefined;
}

/**
 * The sign-up at /inscription. The server holds the furthest step reached and the answers; this
 * page asks for them on arrival (so a reload or a visit to « Contacter l'assistance » resumes)
 * and shows one screen. Each screen is a history entry, so the browser's Back and Forward move
 * between the screens already reached; « Précédent » shows the previous one with its answers,
 * and submitting it again carries on from there.
 */
export function SignupFlow() {
  const [state, setState] = useState<SignupState | null | 'loading'>('loading');
  const location = useLocation();
  const navigate = useNavigate();

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

  const reached: SignupStep = state ? screenOfServerStep[state.step] : 'identify';
  const requested = readHistoryState(location.state)?.signupStep;
  const shown: SignupStep = reached !== 'congratulations' && requested && hasReached(reached, requested) ? requested : reached;

  const show = (step: SignupStep) => {
    const entry: SignupHistoryState = { signupStep: step, openedFrom: shown };
    void navigate(SIGNUP_PATH, { state: entry });
  };
  const advance = (next: SignupState) => {
    setState(next);
    show(screenOfServerStep[next.step]);
  };
  const goBack = () => {
    const previous = previousStep(shown);
    if (!previous) return;
    if (readHistoryState(location.state)?.openedFrom === previous) void navigate(-1);
    else show(previous);
  };

  if (state === null || shown === 'identify') return <IdentifyDwellingStep onIdentified={advance} />;
  switch (shown) {
    case 'attest':
      return (
        <AttestStep
          state={state}
          isAttested={reached !== 'attest'}
          onDone={advance}
          onBack={goBack}
          onNotMine={() => {
            setState(null);
            show('identify');
          }}
        />
      );
    case 'profile':
      return <ProfileStep answers={state.answers.profile} onDone={advance} onBack={goBack} />;
    case 'options':
      return <OptionsStep answers={state.answers.options} onDone={advance} onBack={goBack} />;
    case 'personalInformation':
      return <PersonalInfoStep answers={state.answers} onDone={advance} onBack={goBack} />;
    case 'verification':
      return <VerificationStep state={state} onDone={advance} onEmailChanged={setState} onBack={goBack} />;
    case 'congratulations':
      return <CongratulationsStep />;
  }
}

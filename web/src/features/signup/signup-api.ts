import { apiRequest } from '../../api/client.ts';
import type { AssistanceRequestInput, AssistanceRequestResponse } from '#shared/contracts/assistance.ts';
import type {
  BuildingCheckResponse,
  SignupDeviceType,
  IdentifyBySerialInput,
  OptionsInput,
  PersonalInfoInput,
  ProfileInput,
  SignupState,
} from '#shared/contracts/signup.ts';

/** The sign-up API: the server keeps the step; the browser only holds its HttpOnly cookie. */
export const signupApi = {
  /** The sign-up in progress; undefined (204) when there is none. */
  state: () => apiRequest<SignupState | undefined>('/api/signup'),
  identifyBySerial: (body: IdentifyBySerialInput) => apiRequest<SignupState>('/api/signup/identify/serial-number', { body }),
  checkBuildingCode: (buildingCode: string) =>
    apiRequest<BuildingCheckResponse>('/api/signup/identify/building-code', { body: { buildingCode } }),
  identifyByReference: (buildingCode: string, dwellingReference: string) =>
    apiRequest<SignupState>('/api/signup/identify/dwelling-reference', { body: { buildingCode, dwellingReference } }),
  attest: () => apiRequest<SignupState>('/api/signup/attestation', { body: { isCurrentOccupant: true } }),
  abandon: () => apiRequest<void>('/api/signup', { method: 'DELETE' }),
  saveProfile: (body: ProfileInput) => apiRequest<SignupState>('/api/signup/profile', { body }),
  saveOptions: (body: OptionsInput) => apiRequest<SignupState>('/api/signup/options', { body }),
  savePersonalInfo: (body: PersonalInfoInput) => apiRequest<SignupState>('/api/signup/personal-info', { body }),
  verify: (code: string) => apiRequest<SignupState>('/api/signup/verification', { body: { code } }),
  resend: () => apiRequest<void>('/api/signup/verification/resend', { method: 'POST' }),
  correctEmail: (email: string) => apiRequest<SignupState>('/api/signup/email', { method: 'PUT', body: { email } }),
  requestAssistance: (body: AssistanceRequestInput) => apiRequest<AssistanceRequestResponse>('/api/assistance-requests', { body }),
};

/** What the person typed at step 1 (never a personal detail), so that « Contacter l'assistance » can pass it on and « Précédent » show it again. */
const TYPED_KEY = 'signup-typed-codes';
export interface TypedCodes {
  deviceType?: SignupDeviceType;
  serialNumber?: string;
  buildingCode?: string;
  dwellingReference?: string;
}

export function rememberTypedCodes(codes: TypedCodes): void {
  try {
    sessionStorage.setItem(TYPED_KEY, JSON.stringify({ ...recallTypedCodes(), ...codes }));
  } catch {
    // Private browsing may refuse storage: assistance then simply starts empty.
  }
}

export function recallTypedCodes(): TypedCodes {
  try {
    return JSON.parse(sessionStorage.getItem(TYPED_KEY) ?? '{}') as TypedCodes;
  } catch {
    return {};
  }
}

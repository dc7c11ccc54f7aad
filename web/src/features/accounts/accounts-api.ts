import type {
  EnrolmentConfirmResponse,
  EnrolmentResponse,
  LoginResponse,
  LoginSpace,
  MeResponse,
  ResetRequestResponse,
  RecoveryCodesReissueResponse,
  SecondFactorResponse,
} from '#shared/contracts/accounts.ts';
import { apiRequest } from '../../api/client.ts';

/** The accounts API, one function per route. */
export const accountsApi = {
  me: (signal?: AbortSignal) => apiRequest<MeResponse>('/api/auth/me', { signal }),
  logIn: (body: { space: LoginSpace; email: string; password: string }) => apiRequest<LoginResponse>('/api/auth/login', { body }),
  logOut: () => apiRequest<undefined>('/api/auth/logout', { method: 'POST' }),
  requestPasswordReset: (body: { space: LoginSpace; email: string }) =>
    apiRequest<ResetRequestResponse>('/api/auth/password-reset/request', { body }),
  confirmPasswordReset: (body: { space: LoginSpace; email: string; code: string; newPassword: string }) =>
    apiRequest<undefined>('/api/auth/password-reset/confirm', { body }),
  startEnrolment: () => apiRequest<EnrolmentResponse>('/api/auth/second-factor/enrolment', { method: 'POST' }),
  confirmEnrolment: (code: string) => apiRequest<EnrolmentConfirmResponse>('/api/auth/second-factor/enrolment/confirm', { body: { code } }),
  verifySecondFactor: (proof: { code: string } | { recoveryCode: string }) =>
    apiRequest<SecondFactorResponse>('/api/auth/second-factor/verify', { body: proof }),
  reissueRecoveryCodes: (code: string) => apiRequest<RecoveryCodesReissueResponse>('/api/auth/second-factor/recovery-codes', { body: { code } }),
  changePassword: (body: { currentPassword: string; newPassword: string }) => apiRequest<undefined>('/api/account/password', { body }),
};

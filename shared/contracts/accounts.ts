import { z } from 'zod';

/**
 * Request and response shapes of the accounts API (login, second factor, password reset and
 * change): the server validates with them, the web app types its calls and forms with them.
 */
const loginSpace = z.enum(['resident', 'manager', 'staff']);

/** Login takes any text up to a bound: a malformed address is just another failed login. */
const loginEmail = z.string().trim().min(1).max(254);
/** Generous bound (argon2 hashes all of it); the 128-character rule is checked by the password policy. */
const anyPassword = z.string().min(1).max(1024);

export const loginBody = z.object({ space: loginSpace, email: loginEmail, password: anyPassword });

const signedInUser = z.object({
  id: z.uuid(),
  role: loginSpace,
  email: z.string(),
  displayName: z.string(),
  locale: z.enum(['fr', 'en']),
  staffRole: z.enum(['support', 'data', 'admin']).nullable(),
  isPortalAdmin: z.boolean().nullable(),
});

export const loginResponse = z.object({
  next: z.enum(['done', 'second_factor', 'second_factor_enrolment']),
  user: signedInUser.nullable(),
});

export const meResponse = z.object({
  user: signedInUser.nullable(),
  /** Set while a staff member has given the password but not yet the second factor. */
  pendingSecondFactor: z.enum(['second_factor', 'second_factor_enrolment']).nullable(),
});

export const resetRequestBody = z.object({ space: loginSpace, email: loginEmail });
export const resetRequestResponse = z.object({ resendAfterSeconds: z.number().int(), validMinutes: z.number().int() });
export const resetConfirmBody = z.object({
  space: loginSpace,
  email: loginEmail,
  code: z.string().trim().regex(/^\d{6}$/),
  newPassword: anyPassword,
});

const totpCode = z.string().trim().regex(/^\d{6}$/);
export const enrolmentResponse = z.object({ secret: z.string(), otpauthUri: z.string(), qrCodeDataUrl: z.string() });
export const enrolmentConfirmBody = z.object({ code: totpCode });
export const enrolmentConfirmResponse = z.object({ recoveryCodes: z.array(z.string()), user: signedInUser });
export const secondFactorBody = z.union([
  z.object({ code: totpCode }),
  z.object({ recoveryCode: z.string().trim().min(8).max(20) }),
]);
export const secondFactorResponse = z.object({ user: signedInUser });
/** Staff issue themselves a fresh set of recovery codes with a current TOTP code; the new codes are shown once. */
export const recoveryCodesReissueBody = z.object({ code: totpCode });
export const recoveryCodesReissueResponse = z.object({ recoveryCodes: z.array(z.string()) });

export const passwordChangeBody = z.object({ currentPassword: anyPassword, newPassword: anyPassword });

export type LoginSpace = z.infer<typeof loginSpace>;
export type SignedInUser = z.infer<typeof signedInUser>;
export type LoginResponse = z.infer<typeof loginResponse>;
export type MeResponse = z.infer<typeof meResponse>;
export type ResetRequestResponse = z.infer<typeof resetRequestResponse>;
export type EnrolmentResponse = z.infer<typeof enrolmentResponse>;
export type EnrolmentConfirmResponse = z.infer<typeof enrolmentConfirmResponse>;
export type SecondFactorResponse = z.infer<typeof secondFactorResponse>;
export type RecoveryCodesReissueResponse = z.infer<typeof recoveryCodesReissueResponse>;

import { Secret, TOTP } from 'otpauth';

/**
 * Time-based codes as every authenticator app reads them: SHA-1, 6 digits, 30 seconds
 * (RFC 6238 defaults). A code is accepted one step early or late, for clock drift.
 */
const TOTP_ISSUER = 'Mes suivis de consommation';
const PERIOD_SECONDS = 30;
const DRIFT_STEPS = 1;

export function generateTotpSecret(): string {
  return new Secret({ size: 20 }).base32;
}

function totpOf(secretBase32: string, accountLabel: string): TOTP {
  return new TOTP({
    issuer: TOTP_ISSUER,
    label: accountLabel,
    algorithm: 'SHA1',
    digits: 6,
    period: PERIOD_SECONDS,
    secret: Secret.fromBase32(secretBase32),
  });
}

/** The otpauth:// URI that authenticator apps scan from a QR code. */
export function totpUri(secretBase32: string, accountLabel: string): string {
  return totpOf(secretBase32, accountLabel).toString();
}

/** The time step the code belongs to, or null when it matches none near `now`. */
export function matchTotpStep(secretBase32: string, code: string, now: Date): number | null {
  const delta = totpOf(secretBase32, '').validate({ token: code, timestamp: now.getTime(), window: DRIFT_STEPS });
  return delta === null ? null : Math.floor(now.getTime() / 1000 / PERIOD_SECONDS) + delta;
}

import { randomInt } from 'node:crypto';
import type { Kysely } from 'kysely';
import QRCode from 'qrcode';
import type { AppContext } from '../../app-context.ts';
import type { Database } from '../../db/schema.ts';
import { AppError } from '../../http/errors.ts';
import { refuseAuthentication, recordAuthEvent, type ClientInfo } from './auth-events.ts';
import { keyedHashes, secretKeyId } from '../../kernel/keyed-hash.ts';
import { releaseTry, reserveTry, throttleKeysOf, type TryReservation } from './login-throttle.ts';
import {
  confirmSecondFactor,
  findSecondFactor,
  replaceRecoveryCodes,
  saveUnconfirmedSecondFactor,
  useRecoveryCode,
  useTotpStep,
} from './second-factor.queries.ts';
import { openSecret, sealSecret } from '../../kernel/secret-box.ts';
import { endSession, startSession, type StartedSession } from './sessions.service.ts';
import { generateTotpSecret, matchTotpStep, totpUri } from './totp.ts';
import type { ActiveSession } from '../../http/caller.ts';

type SecondFactorContext = Pick<AppContext, 'config' | 'db' | 'clock'>;

const RECOVERY_CODE_COUNT = 10;
/** No 0/O or 1/I/L: recovery codes are copied by hand. */
const RECOVERY_CODE_ALPHABET = 'ABCDEFGHJKMNPQRSTUVWXYZ23456789';

export interface SecondFactorEnrolment {
  secret: string;
  otpauthUri: string;
  qrCodeDataUrl: string;
}

function generateRecoveryCode(): string {
  const characters = Array.from({ length: 10 }, () => RECOVERY_CODE_ALPHABET[randomInt(RECOVERY_CODE_ALPHABET.length)]);
  return `${characters.slice(0, 5).join('')}-${characters.slice(5).join('')}`;
}

/** Made under each of `secrets`: the signing secret alone for a new code, every accepted one to find a stored code. */
function recoveryCodeHashes(secrets: readonly string[], userId: string, code: string): Buffer[] {
  const normalized = code.toUpperCase().replace(/[^A-Z0-9]/g, '');
  return keyedHashes(secrets, 'recovery-code', `${userId}:${normalized}`);
}

function newRecoveryCodes(): string[] {
  return Array.from({ length: RECOVERY_CODE_COUNT }, generateRecoveryCode);
}

/** Replaces the user's recovery codes by `recoveryCodes`, keyed under the signing secret. */
async function storeRecoveryCodes(context: SecondFactorContext, db: Kysely<Database>, userId: string, recoveryCodes: string[]): Promise<void> {
  const secret = context.config.sessionSecret;
  const hashes = recoveryCodes.flatMap((recoveryCode) => recoveryCodeHashes([secret], userId, recoveryCode));
  await replaceRecoveryCodes(db, userId, hashes, secretKeyId(secret));
}

/** Shows the secret to enrol, keeping the same one across reloads until it is confirmed. */
export async function startSecondFactorEnrolment(context: SecondFactorContext, session: ActiveSession): Promise<SecondFactorEnrolment> {
  const { user } = session;
  const existing = await findSecondFactor(context.db, user.userId);
  if (existing?.confirmed_at) throw new AppError('second_factor_already_enrolled');
  const secret = existing ? openSecret(context.config.acceptedSessionSecrets, existing.secret_ciphertext) : generateTotpSecret();
  if (!existing) {
    await saveUnconfirmedSecondFactor(context.db, {
      user_id: user.userId,
      secret_ciphertext: sealSecret(context.config.sessionSecret, secret),
      key_id: secretKeyId(context.config.sessionSecret),
      created_at: context.clock.now(),
    });
  }
  const otpauthUri = totpUri(secret, user.email);
  return { secret, otpauthUri, qrCodeDataUrl: await QRCode.toDataURL(otpauthUri, { margin: 1, width: 240 }) };
}

async function refuseSecondFactor(
  context: SecondFactorContext,
  session: ActiveSession,
  client: ClientInfo,
  reason: string,
  reservation: TryReservation,
): Promise<never> {
  return refuseAuthentication(context, {
    role: session.user.role,
    email: session.user.email,
    account: { userId: session.user.userId, role: session.user.role },
    client,
    action: 'auth.second_factor_failed',
    reason,
    refusal: 'second_factor_invalid',
    reservation,
  });
}

/** Counts the try before any code is compared; a locked try is refused unevaluated. */
async function reserveSecondFactorTry(
  context: SecondFactorContext,
  session: ActiveSession,
  client: ClientInfo,
): Promise<Extract<TryReservation, { isReserved: true }>> {
  const reservation = await reserveTry(context, throttleKeysOf(session.user.role, session.user.email, client.clientAddress));
  if (!reservation.isReserved) return refuseSecondFactor(context, session, client, 'locked', reservation);
  return reservation;
}

/** The password-only session becomes a full one, under a new id (privilege change). */
async function completeStaffLogin(
  context: SecondFactorContext,
  session: ActiveSession,
  client: ClientInfo,
  secondFactor: 'totp' | 'recovery_code',
  reservation: Extract<TryReservation, { isReserved: true }>,
): Promise<StartedSession> {
  const { user } = session;
  await releaseTry(context, reservation, { forgetAccount: true });
  await endSession(context, session.idHash);
  const started = await startSession(context, { userId: user.userId, role: user.role, assurance: 'full', ...client });
  await recordAuthEvent(context, {
    action: 'auth.login',
    account: { userId: user.userId, role: user.role },
    clientAddress: client.clientAddress,
    details: { space: user.role, second_factor: secondFactor },
  });
  return started;
}

/** Confirms enrolment with a first code; returns the recovery codes, shown once, never stored in clear. */
export async function confirmSecondFactorEnrolment(
  context: SecondFactorContext,
  session: ActiveSession,
  code: string,
  client: ClientInfo,
): Promise<{ recoveryCodes: string[]; session: StartedSession }> {
  const { user } = session;
  const factor = await findSecondFactor(context.db, user.userId);
  if (factor?.confirmed_at) throw new AppError('second_factor_already_enrolled');
  const reservation = await reserveSecondFactorTry(context, session, client);
  const step = factor ? matchTotpStep(openSecret(context.config.acceptedSessionSecrets, factor.secret_ciphertext), code, context.clock.now()) : null;
  if (step === null) return refuseSecondFactor(context, session, client, 'wrong_totp', reservation);

  const recoveryCodes = newRecoveryCodes();
  const isConfirmed = await context.db.transaction().execute(async (trx) => {
    if (!(await confirmSecondFactor(trx, user.userId, context.clock.now(), step))) return false;
    await storeRecoveryCodes(context, trx, user.userId, recoveryCodes);
    await recordAuthEvent(
      context,
      { action: 'auth.second_factor_enrolled', account: { userId: user.userId, role: user.role }, clientAddress: client.clientAddress },
      trx,
    );
    return true;
  });
  if (!isConfirmed) throw new AppError('second_factor_already_enrolled');
  return { recoveryCodes, session: await completeStaffLogin(context, session, client, 'totp', reservation) };
}

/** True when `code` is right now and its time step was not used yet (it is then used: no replay). */
async function useTotpCode(context: SecondFactorContext, userId: string, sealedSecret: string, code: string): Promise<boolean> {
  const step = matchTotpStep(openSecret(context.config.acceptedSessionSecrets, sealedSecret), code, context.clock.now());
  return step !== null && (await useTotpStep(context.db, userId, step));
}

export type SecondFactorProof = { code: string } | { recoveryCode: string };

/** Checks a TOTP code (each time step once) or a recovery code (each once), then opens the full session. */
export async function verifySecondFactor(
  context: SecondFactorContext,
  session: ActiveSession,
  proof: SecondFactorProof,
  client: ClientInfo,
): Promise<StartedSession> {
  const { user } = session;
  const factor = await findSecondFactor(context.db, user.userId);
  if (!factor?.confirmed_at) throw new AppError('second_factor_required');
  const reservation = await reserveSecondFactorTry(context, session, client);
  if ('recoveryCode' in proof) {
    const isUsed = await useRecoveryCode(context.db, user.userId, recoveryCodeHashes(context.config.acceptedSessionSecrets, user.userId, proof.recoveryCode), context.clock.now());
    if (!isUsed) return refuseSecondFactor(context, session, client, 'wrong_recovery_code', reservation);
    return completeStaffLogin(context, session, client, 'recovery_code', reservation);
  }
  if (!(await useTotpCode(context, user.userId, factor.secret_ciphertext, proof.code))) return refuseSecondFactor(context, session, client, 'wrong_totp', reservation);
  return completeStaffLogin(context, session, client, 'totp', reservation);
}

/**
 * A fully signed-in staff member issues a fresh set of recovery codes (the old ones, used or
 * not, stop working): recovery codes are stored as hashes keyed by SESSION_SECRET, which cannot
 * be re-keyed during a rotation, so this is how they outlive the old secret. A fresh TOTP code
 * is required, its try reserved before it is compared; the new codes are shown once.
 */
export async function reissueRecoveryCodes(
  context: SecondFactorContext,
  session: ActiveSession,
  code: string,
  client: ClientInfo,
): Promise<{ recoveryCodes: string[] }> {
  const { user } = session;
  const factor = await findSecondFactor(context.db, user.userId);
  if (!factor?.confirmed_at) throw new AppError('second_factor_required');
  const reservation = await reserveSecondFactorTry(context, session, client);
  if (!(await useTotpCode(context, user.userId, factor.secret_ciphertext, code))) return refuseSecondFactor(context, session, client, 'wrong_totp', reservation);

  const recoveryCodes = newRecoveryCodes();
  await context.db.transaction().execute(async (trx) => {
    await storeRecoveryCodes(context, trx, user.userId, recoveryCodes);
    await recordAuthEvent(
      context,
      { action: 'auth.recovery_codes_reissued', account: { userId: user.userId, role: user.role }, clientAddress: client.clientAddress },
      trx,
    );
  });
  await releaseTry(context, reservation, { forgetAccount: true });
  return { recoveryCodes };
}

/** Where a staff member stands after the password: enrol first, or give a code. */
export async function secondFactorStepFor(context: Pick<AppContext, 'db'>, userId: string): Promise<'second_factor' | 'second_factor_enrolment'> {
  const factor = await findSecondFactor(context.db, userId);
  return factor?.confirmed_at ? 'second_factor' : 'second_factor_enrolment';
}

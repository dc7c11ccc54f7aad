import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildResident } from '../../test/factories.ts';
import { givePassword, logInThroughRoute, sessionHeaders, sessionTokenFrom } from '../../test/login-as.ts';
import { createTestApp, startSiblingNode, type TestApp } from '../../test/test-app.ts';
import { authenticateDataSource, createDataSource } from '../ingest/data-sources.service.ts';
import { secretKeyId } from '../../kernel/keyed-hash.ts';
import { settlePasswordResetRequests } from './password-reset.service.ts';
import { countStillUnderOtherSecrets } from './secret-reseal.ts';
import { createApiToken, listApiTokens, resolveApiToken, revokeApiTokensUnderDroppedSecrets } from './api-tokens.service.ts';
import {
  enrolledStaff,
  NEW_SECRET,
  nextTotpCode,
  OLD_SECRET,
  post,
  rotationPhases as phases,
  staffLogsIn,
} from '../../test/secret-rotation-support.ts';

const HOUR = 3_600_000;

/**
 * What a rotation cannot re-key from the database alone (hashes of recovery codes and gateway
 * tokens) must still work once the old secret is dropped (phase 3): gateway tokens are re-keyed at
 * their first use under the retiring secret, staff issue themselves fresh recovery codes, and the
 * reseal report says what still depends on the old secret.
 */
describe('hashes that outlive a SESSION_SECRET rotation', () => {
  let first: TestApp;
  const nodes: TestApp[] = [];

  async function startNode(environment: Record<string, string>): Promise<TestApp> {
    const node = await startSiblingNode(first, environment);
    nodes.push(node);
    return node;
  }

  beforeAll(async () => {
    first = await createTestApp({ environment: phases.before });
  });
  afterAll(async () => {
    for (const node of nodes) await node.close();
    await first.close();
  });

  const storedToken = (id: string) =>
    first.context.db.selectFrom('data_sources').select(['token_hash', 'key_id']).where('id', '=', id).executeTakeFirstOrThrow();

  /** A staff member's full session on `node`, through password and TOTP. */
  async function staffSessionOn(node: TestApp, staff: { email: string; secret: string }) {
    const pending = await logInThroughRoute(node, { space: 'staff', email: staff.email });
    const verified = await post(node, '/api/auth/second-factor/verify', pending, { code: nextTotpCode(node, staff.secret) });
    expect(verified.statusCode).toBe(200);
    return sessionHeaders(node, sessionTokenFrom(node, verified)!);
  }

  it('keeps gateway tokens and reissued recovery codes working after phase 3, and counts what still depends on the old secret', async () => {
    // Before the rotation, everything is keyed under the old secret.
    const reissuing = await enrolledStaff(first);
    const waiting = await enrolledStaff(first);
    const resident = (await buildResident(first.context.db)).user;
    await givePassword(first, resident.id);
    await logInThroughRoute(first, { space: 'resident', email: resident.email });
    expect((await post(first, '/api/auth/password-reset/request', undefined, { space: 'resident', email: resident.email })).statusCode).toBe(202);
    await settlePasswordResetRequests();
    const usedGateway = await createDataSource(first.context, 'gateway-used-during-rotation');
    const idleGateway = await createDataSource(first.context, 'gateway-from-before-key-ids');
    // A row written before key_id was recorded: its secret is unknown.
    await first.context.db.updateTable('data_sources').set({ key_id: null }).where('id', '=', idleGateway.id).execute();
    const oldKeyId = secretKeyId(OLD_SECRET);
    const newKeyId = secretKeyId(NEW_SECRET);
    expect((await storedToken(usedGateway.id)).key_id).toBe(oldKeyId);

    const acceptsNew = await startNode(phases.acceptsNew);
    const signsWithNew = await startNode(phases.signsWithNew);

    // Phase 1 finds the old token and leaves it under the old secret; it finds a token a phase 2
    // node made and leaves it under the new one: nodes still on the old secret keep finding both.
    const before = await storedToken(usedGateway.id);
    expect(await authenticateDataSource(acceptsNew.context, `Bearer ${usedGateway.token}`)).toEqual({ id: usedGateway.id, name: usedGateway.name });
    expect(await storedToken(usedGateway.id)).toEqual(before);
    const newGateway = await createDataSource(signsWithNew.context, 'gateway-made-in-phase-2');
    expect(await authenticateDataSource(acceptsNew.context, `Bearer ${newGateway.token}`)).toEqual({ id: newGateway.id, name: newGateway.name });
    expect((await storedToken(newGateway.id)).key_id).toBe(newKeyId);

    // Phase 2 re-keys the old token to the new secret at its first use.
    expect(await authenticateDataSource(signsWithNew.context, `Bearer ${usedGateway.token}`)).toEqual({ id: usedGateway.id, name: usedGateway.name });
    const rekeyed = await storedToken(usedGateway.id);
    expect(rekeyed.key_id).toBe(newKeyId);
    expect(Buffer.from(rekeyed.token_hash).equals(Buffer.from(before.token_hash))).toBe(false);
    // A phase 1 node still finds it, under its NEXT secret.
    expect(await authenticateDataSource(acceptsNew.context, `Bearer ${usedGateway.token}`)).toEqual({ id: usedGateway.id, name: usedGateway.name });

    // A staff member issues a fresh set of recovery codes with a current TOTP code.
    const staffOnNew = await staffSessionOn(signsWithNew, reissuing);
    const wrongCode = nextTotpCode(signsWithNew, reissuing.secret) === '000000' ? '111111' : '000000';
    const refused = await post(signsWithNew, '/api/auth/second-factor/recovery-codes', staffOnNew, { code: wrongCode });
    expect(refused.statusCode).toBe(401);
    expect(refused.json().error.code).toBe('second_factor_invalid');
    const reissued = await post(signsWithNew, '/api/auth/second-factor/recovery-codes', staffOnNew, { code: nextTotpCode(signsWithNew, reissuing.secret) });
    expect(reissued.statusCode).toBe(200);
    const freshCodes = reissued.json().recoveryCodes as string[];
    expect(freshCodes).toHaveLength(10);
    expect(freshCodes.filter((code) => reissuing.recoveryCodes.includes(code))).toEqual([]);
    const audit = await first.context.db
      .selectFrom('audit_events')
      .select(['action', 'details'])
      .where('action', '=', 'auth.recovery_codes_reissued')
      .execute();
    expect(audit).toHaveLength(1);
    expect(JSON.stringify(audit)).not.toContain(freshCodes[0]);
    // The old codes stop working at once, on every node; the new ones work in phase 1 too.
    expect(await staffLogsIn(signsWithNew, reissuing.email, { recoveryCode: reissuing.recoveryCodes[0]! })).toBe(401);
    expect(await staffLogsIn(acceptsNew, reissuing.email, { recoveryCode: reissuing.recoveryCodes[1]! })).toBe(401);
    expect(await staffLogsIn(acceptsNew, reissuing.email, { recoveryCode: freshCodes[0]! })).toBe(200);

    // What dropping the old secret would break now: the other staff member's recovery codes, the
    // gateway not used since, the live reset code, and the sessions opened under the old secret
    // (each enrolled staff member's, the resident's, and on the phase 1 node the one the fresh
    // recovery code opened and the password-only one the refused old code left).
    expect(await countStillUnderOtherSecrets(first.context.db, signsWithNew.context.config, first.clock.now())).toEqual({
      recoveryCodes: 10,
      gatewayTokens: 1,
      resetCodes: 1,
      sessions: 5,
      apiTokens: 0,
    });
    const staffWaitingOnNew = await staffSessionOn(signsWithNew, waiting);
    expect((await post(signsWithNew, '/api/auth/second-factor/recovery-codes', staffWaitingOnNew, { code: nextTotpCode(signsWithNew, waiting.secret) })).statusCode).toBe(200);
    expect(await authenticateDataSource(signsWithNew.context, `Bearer ${idleGateway.token}`)).toEqual({ id: idleGateway.id, name: idleGateway.name });
    first.clock.advance(24 * HOUR);
    expect(await countStillUnderOtherSecrets(first.context.db, signsWithNew.context.config, first.clock.now())).toEqual({
      recoveryCodes: 0,
      gatewayTokens: 0,
      resetCodes: 0,
      sessions: 0,
      apiTokens: 0,
    });

    // Phase 3: the old secret is gone. The gateways work without being reconfigured, the fresh
    // recovery codes work, the old ones do not.
    const after = await startNode(phases.after);
    for (const gateway of [usedGateway, idleGateway, newGateway]) {
      expect(await authenticateDataSource(after.context, `Bearer ${gateway.token}`)).toEqual({ id: gateway.id, name: gateway.name });
    }
    expect(await staffLogsIn(after, reissuing.email, { recoveryCode: freshCodes[1]! })).toBe(200);
    expect(await staffLogsIn(after, reissuing.email, { recoveryCode: reissuing.recoveryCodes[2]! })).toBe(401);
    expect(await staffLogsIn(after, waiting.email, { recoveryCode: waiting.recoveryCodes[0]! })).toBe(401);
  });

  it('re-keys a resident’s personal access token at its first use in phase 2, counts those not re-keyed, and revokes them in phase 3', async () => {
    const { user, dwelling } = await buildResident(first.context.db);
    const { time_zone: timeZone } = await first.context.db.selectFrom('residences').select('time_zone').where('id', '=', dwelling.residence_id).executeTakeFirstOrThrow();
    const holder = { userId: user.id, timeZone };
    const used = await createApiToken(first.context, holder, { name: 'Home Assistant', lifetimeDays: 90 });
    const idle = await createApiToken(first.context, holder, { name: 'Tableur', lifetimeDays: 90 });
    const stored = (id: string) => first.context.db.selectFrom('api_tokens').select(['token_hash', 'key_id', 'revoked_reason']).where('id', '=', id).executeTakeFirstOrThrow();
    const opens = async (node: TestApp, token: string) => (await resolveApiToken(node.context, token)).status;
    const newKeyId = secretKeyId(NEW_SECRET);
    const before = await stored(used.id);
    expect(before.key_id).toBe(secretKeyId(OLD_SECRET));

    const acceptsNew = await startNode(phases.acceptsNew);
    const signsWithNew = await startNode(phases.signsWithNew);
    // Phase 1 leaves it under the old secret, which nodes still signing with it must find.
    expect(await opens(acceptsNew, used.token)).toBe('active');
    expect(await stored(used.id)).toEqual(before);
    const counted = () => countStillUnderOtherSecrets(first.context.db, signsWithNew.context.config, first.clock.now());
    expect((await counted()).apiTokens).toBe(2);

    // Phase 2 re-keys it at its first use; the idle one stays under the old secret.
    expect(await opens(signsWithNew, used.token)).toBe('active');
    const rekeyed = await stored(used.id);
    expect(rekeyed.key_id).toBe(newKeyId);
    expect(Buffer.from(rekeyed.token_hash).equals(Buffer.from(before.token_hash))).toBe(false);
    expect(await opens(acceptsNew, used.token)).toBe('active');
    expect((await counted()).apiTokens).toBe(1);
    // Nothing is revoked while the old secret is still accepted.
    expect(await revokeApiTokensUnderDroppedSecrets(signsWithNew.context)).toBe(0);

    // Phase 3: the re-keyed token works, the idle one cannot be found any more and is revoked,
    // so its holder's list says why instead of showing a dead token as active.
    const after = await startNode(phases.after);
    expect(await opens(after, used.token)).toBe('active');
    expect(await opens(after, idle.token)).toBe('none');
    expect(await revokeApiTokensUnderDroppedSecrets(after.context)).toBe(1);
    expect(await revokeApiTokensUnderDroppedSecrets(after.context)).toBe(0);
    const listed = (await listApiTokens(after.context, holder)).tokens;
    expect(listed.map((token) => [token.name, token.status, token.revokedReason])).toEqual(
      expect.arrayContaining([
        ['Home Assistant', 'active', null],
        ['Tableur', 'revoked', 'secret_rotation'],
      ]),
    );
    expect((await countStillUnderOtherSecrets(first.context.db, after.context.config, first.clock.now())).apiTokens).toBe(0);
  });

  it('lets only a fully signed-in staff member reissue recovery codes', async () => {
    const staff = await enrolledStaff(first);
    const pending = await logInThroughRoute(first, { space: 'staff', email: staff.email });
    const code = nextTotpCode(first, staff.secret);
    const anonymous = await post(first, '/api/auth/second-factor/recovery-codes', undefined, { code });
    expect(anonymous.statusCode).toBe(401);
    const beforeSecondFactor = await post(first, '/api/auth/second-factor/recovery-codes', pending, { code });
    expect(beforeSecondFactor.statusCode).toBe(401);
    expect(beforeSecondFactor.json().error.code).toBe('second_factor_required');
    const resident = (await buildResident(first.context.db)).user;
    await givePassword(first, resident.id);
    const residentSession = await logInThroughRoute(first, { space: 'resident', email: resident.email });
    expect((await post(first, '/api/auth/second-factor/recovery-codes', residentSession, { code })).statusCode).toBe(403);
    // The code was not spent by the refusals: the staff member's own request goes through.
    expect((await post(first, '/api/auth/second-factor/recovery-codes', staff.session, { code })).statusCode).toBe(200);
  });

  it('counts every reissue try before comparing the code: after 5 wrong ones the right one is refused, uncompared', async () => {
    const reissuesRecorded = async () =>
      (await first.context.db.selectFrom('audit_events').select('id').where('action', '=', 'auth.recovery_codes_reissued').execute()).length;
    const reissuesBefore = await reissuesRecorded();
    const staff = await enrolledStaff(first);
    const right = nextTotpCode(first, staff.secret);
    const wrong = right === '000000' ? '111111' : '000000';
    for (let attempt = 0; attempt < 5; attempt += 1) {
      expect((await post(first, '/api/auth/second-factor/recovery-codes', staff.session, { code: wrong })).statusCode).toBe(401);
    }
    const locked = await post(first, '/api/auth/second-factor/recovery-codes', staff.session, { code: right });
    expect(locked.statusCode).toBe(401);
    expect(locked.json().error.code).toBe('second_factor_invalid');
    expect(Number(locked.headers['retry-after'])).toBeGreaterThan(0);
    expect(await reissuesRecorded()).toBe(reissuesBefore);
  });
});

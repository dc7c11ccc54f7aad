import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildResident } from '../../test/factories.ts';
import { givePassword, logInThroughRoute, sessionHeaders, type SessionHeaders } from '../../test/login-as.ts';
import { createTestApp, startSiblingNode, type TestApp } from '../../test/test-app.ts';
import { authenticateDataSource, createDataSource } from '../ingest/data-sources.service.ts';
import { lastCodeSentTo } from '../../test/sent-mail.ts';
import { openSecret } from '../../kernel/secret-box.ts';
import { resealStoredSecrets } from './secret-reseal.ts';
import { settlePasswordResetRequests } from './password-reset.service.ts';
import {
  enrolledStaff,
  NEW_SECRET as NEW,
  nextTotpCode as nextCode,
  OLD_SECRET as OLD,
  post,
  rotationPhases as phases,
  signedInUser,
  staffLogsIn,
} from '../../test/secret-rotation-support.ts';

describe('rotating SESSION_SECRET while nodes restart one by one', () => {
  let first: TestApp;
  const nodes: TestApp[] = [];

  /** Another node on the same database and clock, configured for a phase of the rotation. */
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

  /** The same browser cookie, sent to another node. */
  const on = (node: TestApp, headers: SessionHeaders) => ({ ...sessionHeaders(node, headers.cookie.split('=')[1]!) });
  const nextTotpCode = (secret: string) => nextCode(first, secret);

  async function resident(node: TestApp) {
    const { user } = await buildResident(node.context.db);
    await givePassword(node, user.id);
    return user;
  }

  /** Asks `issuer` for a reset code and reads it from the outbox as the recipient's mailbox would. */
  async function resetCodeFrom(issuer: TestApp, email: string): Promise<string> {
    expect((await post(issuer, '/api/auth/password-reset/request', undefined, { space: 'resident', email })).statusCode).toBe(202);
    await settlePasswordResetRequests();
    return lastCodeSentTo(issuer.context.db, email, { kind: 'password-reset', secrets: [OLD, NEW] });
  }

  it('keeps sessions, second factors, reset codes, recovery codes and gateway tokens working across every phase', async () => {
    const residentBefore = await resident(first);
    const sessionBefore = await logInThroughRoute(first, { space: 'resident', email: residentBefore.email });
    const staff = await enrolledStaff(first);
    const gateway = await createDataSource(first.context, 'gateway-before-rotation');

    const nodeA = await startNode(phases.acceptsNew);
    const nodeB = await startNode(phases.signsWithNew);

    for (const node of [nodeA, nodeB]) expect((await signedInUser(node, on(node, sessionBefore)))?.email).toBe(residentBefore.email);
    const residentA = await resident(nodeA);
    const onA = await logInThroughRoute(nodeA, { space: 'resident', email: residentA.email });
    expect((await signedInUser(nodeB, on(nodeB, onA)))?.email).toBe(residentA.email);
    const residentB = await resident(nodeB);
    const onB = await logInThroughRoute(nodeB, { space: 'resident', email: residentB.email });
    expect((await signedInUser(nodeA, on(nodeA, onB)))?.email).toBe(residentB.email);

    for (const node of [nodeA, nodeB]) expect(await staffLogsIn(node, staff.email, { code: nextTotpCode(staff.secret) })).toBe(200);
    expect(await staffLogsIn(nodeB, staff.email, { recoveryCode: staff.recoveryCodes[0]! })).toBe(200);

    const confirmReset = (node: TestApp, email: string, code: string) =>
      post(node, '/api/auth/password-reset/confirm', undefined, { space: 'resident', email, code, newPassword: 'Robinet-Bleu-7319' });
    for (const [issuer, checker] of [[nodeA, nodeB], [nodeB, nodeA]] as const) {
      const forgetful = await resident(issuer);
      expect((await confirmReset(checker, forgetful.email, await resetCodeFrom(issuer, forgetful.email))).statusCode).toBe(204);
    }

    expect(await authenticateDataSource(nodeB.context, `Bearer ${gateway.token}`)).toEqual({ id: gateway.id, name: gateway.name });

    // Every node signs with the new secret: reseal, then drop the old one.
    await resetCodeFrom(nodeA, residentBefore.email);
    const resealed = await resealStoredSecrets(nodeB.context.db, nodeB.context.config);
    expect(resealed.secondFactors).toEqual({ resealed: 1, unreadable: 0 });
    expect(resealed.outboxMessages.unreadable).toBe(0);
    expect(resealed.outboxMessages.resealed).toBeGreaterThanOrEqual(1);
    const sealedRows = await nodeB.context.db.selectFrom('outbox_messages').select('sealed_content').where('sealed_content', 'is not', null).execute();
    for (const row of sealedRows) expect(() => openSecret([NEW], row.sealed_content!)).not.toThrow();

    const nodeC = await startNode(phases.after);
    expect(await staffLogsIn(nodeC, staff.email, { code: nextTotpCode(staff.secret) })).toBe(200);
    expect((await signedInUser(nodeC, on(nodeC, onB)))?.email).toBe(residentB.email);
    // Documented: a session keeps the hash it was made under. One made under the old secret ends
    // when that secret is dropped, which is why phase 2 lasts at least the longest session (24 h).
    expect(await signedInUser(nodeC, on(nodeC, sessionBefore))).toBeNull();
  });
});

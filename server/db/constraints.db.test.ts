import { describe, expect, it } from 'vitest';
import { buildDwelling, buildResident } from '../test/factories.ts';
import { useTestApp } from '../test/test-app.ts';

/** The seed's rules held by the database itself, whatever the code above it does. */
describe('database constraints', () => {
  const harness = useTestApp();

  it('refuses a second active resident account for the same dwelling', async () => {
    const { db } = harness().context;
    const { dwelling } = await buildResident(db);
    await expect(buildResident(db, { dwelling_id: dwelling.id })).rejects.toThrow(/users_active_dwelling_unique/);
  });

  it('refuses an email that differs only in letter case from an active account', async () => {
    const { db } = harness().context;
    await buildResident(db, { user: { email: 'Marcialemars@Example.test' } });
    await expect(buildResident(db, { user: { email: 'marcialemars@example.TEST' } })).rejects.toThrow(
      /users_active_email_unique/,
    );
  });

  it('accepts the email and the dwelling again once the account is closed', async () => {
    const { db, clock } = harness().context;
    const first = await buildResident(db, { user: { email: 'moving@example.test' } });
    await db.updateTable('users').set({ closed_at: clock.now() }).where('id', '=', first.user.id).execute();

    const nextOccupant = await buildResident(db, { dwelling_id: first.dwelling.id, user: { email: 'next@example.test' } });
    const sameAddressNewHome = await buildResident(db, { user: { email: 'MOVING@example.test' } });

    expect(nextOccupant.user.dwelling_id).toBe(first.dwelling.id);
    expect(sameAddressNewHome.user.email).toBe('MOVING@example.test');
  });

  it('lets the same address be a manager and a resident, which are separate logins', async () => {
    const { db } = harness().context;
    await buildResident(db, { user: { email: 'both@example.test' } });
    const manager = await db
      .insertInto('users')
      .values({ role: 'manager', email: 'both@example.test' })
      .returning('id')
      .executeTakeFirstOrThrow();
    expect(manager.id).toBeTruthy();
  });

  it('refuses building and dwelling codes that are not 8 digits', async () => {
    const { db } = harness().context;
    const dwelling = await buildDwelling(db);
    await expect(
      db.updateTable('dwellings').set({ dwelling_code: '0103001' }).where('id', '=', dwelling.id).execute(),
    ).rejects.toThrow(/check constraint/);
    await expect(
      db.updateTable('residences').set({ building_code: '5000136A' }).where('id', '=', dwelling.residence_id).execute(),
    ).rejects.toThrow(/check constraint/);
  });

  it('keeps the audit trail append-only', async () => {
    const { db, clock } = harness().context;
    const event = await db
      .insertInto('audit_events')
      .values({ occurred_at: clock.now(), action: 'test.recorded', actor_role: 'system' })
      .returning('id')
      .executeTakeFirstOrThrow();
    await expect(db.updateTable('audit_events').set({ action: 'test.changed' }).where('id', '=', event.id).execute()).rejects.toThrow(
      /append-only/,
    );
    await expect(db.deleteFrom('audit_events').where('id', '=', event.id).execute()).rejects.toThrow(/append-only/);
  });
});

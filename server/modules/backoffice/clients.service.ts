import type { AppContext } from '../../app-context.ts';
import type { ContractOption } from '../../db/schema.ts';
import { AppError } from '../../http/errors.ts';
import { closeAccount, hasActiveAccount, openAccount } from '../accounts/accounts.service.ts';
import { endAllSessionsOfUser } from '../accounts/sessions.service.ts';
import { sendAccountInvitation } from './account-invitation.ts';
import type { ClientDetail, ManagerUser } from '#shared/contracts/backoffice.ts';
import {
  countResidencesOfClient,
  findClient,
  findContract,
  findManager,
  insertManagerMembership,
  listContractsOfClient,
  listManagersOfClient,
  listResidencesOfClient,
  replaceManagerResidences,
  searchClients,
  updateManager,
  type ManagerRow,
} from './clients.queries.ts';
import { recordStaffAction, type StaffActor } from './staff-access.ts';
import { addClient, addContract, amendClient, amendContract, isContractReferenceTaken } from '../inventory/inventory.service.ts';

/** Clients, their contracts and booked options, their manager users and what each may see (SPEC §6). */
function toManagerUser(row: ManagerRow): ManagerUser {
  return {
    id: row.id,
    email: row.email,
    firstName: row.first_name,
    lastName: row.last_name,
    isPortalAdmin: row.is_portal_admin,
    seesAllResidences: row.sees_all_residences,
    residenceIds: row.residence_ids,
    isActive: row.closed_at === null,
    hasPassword: row.has_password,
  };
}

/** A search: tolerates a few seconds of lag, so it reads `lagTolerantDb` (docs/SCALING.md, « Read replicas »). */
export async function listClients(context: Pick<AppContext, 'lagTolerantDb' | 'clock'>, query: { search?: string; page: number; pageSize: number }) {
  const { rows, total } = await searchClients(context.lagTolerantDb(), { ...query, today: context.clock.now().toISOString().slice(0, 10) });
  return {
    items: rows.map((row) => ({
      id: row.id,
      name: row.name,
      kind: row.kind,
      contractCount: Number(row.contract_count ?? 0),
      residenceCount: Number(row.residence_count ?? 0),
      managerCount: Number(row.manager_count ?? 0),
      hasResidentPortal: Boolean(row.has_resident_portal),
    })),
    page: query.page,
    pageSize: query.pageSize,
    total,
  };
}

export async function getClient(context: Pick<AppContext, 'db'>, clientId: string): Promise<ClientDetail> {
  const client = await findClient(context.db, clientId);
  if (!client) throw new AppError('client_not_found');
  const [contracts, residences, managers] = await Promise.all([
    listContractsOfClient(context.db, clientId),
    listResidencesOfClient(context.db, clientId),
    listManagersOfClient(context.db, clientId),
  ]);
  return {
    ...client,
    contracts: contracts.map((contract) => ({
      id: contract.id,
      reference: contract.reference,
      bookedOptions: contract.booked_options,
      startsOn: contract.starts_on,
      endsOn: contract.ends_on,
    })),
    residences: residences.map((residence) => ({
      id: residence.id,
      buildingCode: residence.building_code,
      name: residence.name,
      city: residence.city,
      contractId: residence.contract_id,
      publishedAt: residence.published_at?.toISOString() ?? null,
    })),
    managers: managers.map(toManagerUser),
  };
}

export async function createClient(context: AppContext, actor: StaffActor, input: { name: string; kind: 'syndic' | 'bailleur' }): Promise<ClientDetail> {
  const clientId = await context.db.transaction().execute(async (trx) => {
    const id = await addClient(trx, input);
    await recordStaffAction(context, actor, { action: 'staff.client_created', target: { type: 'client', id }, details: { kind: input.kind } }, trx);
    return id;
  });
  return getClient(context, clientId);
}

export async function editClient(context: AppContext, actor: StaffActor, clientId: string, input: { name?: string; kind?: 'syndic' | 'bailleur' }): Promise<ClientDetail> {
  if (!(await findClient(context.db, clientId))) throw new AppError('client_not_found');
  await context.db.transaction().execute(async (trx) => {
    await amendClient(trx, clientId, input);
    await recordStaffAction(context, actor, { action: 'staff.client_updated', target: { type: 'client', id: clientId }, details: { fields: Object.keys(input).join(',') } }, trx);
  });
  return getClient(context, clientId);
}

export async function createContract(
  context: AppContext,
  actor: StaffActor,
  clientId: string,
  input: { reference: string; bookedOptions: ContractOption[]; startsOn: string; endsOn: string | null },
): Promise<ClientDetail> {
  if (!(await findClient(context.db, clientId))) throw new AppError('client_not_found');
  if (await isContractReferenceTaken(context.db, input.reference)) throw new AppError('contract_reference_taken');
  const bookedOptions = [...new Set(input.bookedOptions)];
  await context.db.transaction().execute(async (trx) => {
    const id = await addContract(trx, { ...input, clientId, bookedOptions });
    await recordStaffAction(
      context,
      actor,
      { action: 'staff.contract_created', target: { type: 'contract', id }, details: { client_id: clientId, booked_options: bookedOptions.join(',') } },
      trx,
    );
  });
  return getClient(context, clientId);
}

export async function editContract(
  context: AppContext,
  actor: StaffActor,
  contractId: string,
  input: { bookedOptions?: ContractOption[]; endsOn?: string | null },
): Promise<ClientDetail> {
  const contract = await findContract(context.db, contractId);
  if (!contract) throw new AppError('contract_not_found');
  if (input.endsOn && input.endsOn < contract.starts_on) throw new AppError('validation_failed', { fields: [{ field: 'endsOn', problem: 'ends_before_start' }] });
  const bookedOptions = input.bookedOptions ? [...new Set(input.bookedOptions)] : undefined;
  await context.db.transaction().execute(async (trx) => {
    await amendContract(trx, contractId, { ...input, ...(bookedOptions ? { bookedOptions } : {}) });
    await recordStaffAction(
      context,
      actor,
      {
        action: 'staff.contract_updated',
        target: { type: 'contract', id: contractId },
        details: {
          booked_options_before: contract.booked_options.join(','),
          booked_options_after: (bookedOptions ?? contract.booked_options).join(','),
          ends_on: input.endsOn === undefined ? contract.ends_on : input.endsOn,
        },
      },
      trx,
    );
  });
  return getClient(context, contract.client_id);
}

async function requireManager(context: Pick<AppContext, 'db'>, userId: string): Promise<ManagerRow> {
  const manager = await findManager(context.db, userId);
  if (!manager) throw new AppError('manager_not_found');
  return manager;
}

async function refuseForeignResidences(context: Pick<AppContext, 'db'>, clientId: string, residenceIds: readonly string[]): Promise<string[]> {
  const unique = [...new Set(residenceIds)];
  if ((await countResidencesOfClient(context.db, clientId, unique)) !== unique.length) throw new AppError('residence_of_another_client');
  return unique;
}

export async function inviteManager(
  context: AppContext,
  actor: StaffActor,
  clientId: string,
  input: { email: string; firstName: string; lastName: string; isPortalAdmin: boolean; seesAllResidences: boolean; residenceIds: string[] },
): Promise<{ manager: ManagerUser; invitationExpiresAt: string }> {
  if (!(await findClient(context.db, clientId))) throw new AppError('client_not_found');
  const email = input.email.trim();
  if (await hasActiveAccount(context.db, 'manager', email)) throw new AppError('email_already_used');
  const residenceIds = await refuseForeignResidences(context, clientId, input.residenceIds);
  const userId = await context.db.transaction().execute(async (trx) => {
    const id = await openAccount(trx, { role: 'manager', email });
    await insertManagerMembership(trx, { ...input, userId: id, clientId });
    await replaceManagerResidences(trx, id, residenceIds, context.clock.now());
    await recordStaffAction(
      context,
      actor,
      {
        action: 'staff.manager_invited',
        target: { type: 'user', id },
        details: { client_id: clientId, is_portal_admin: input.isPortalAdmin, sees_all_residences: input.seesAllResidences, residences: residenceIds.length },
      },
      trx,
    );
    return id;
  });
  const invitation = await sendAccountInvitation(context, { userId, email, space: 'manager' });
  return { manager: toManagerUser(await requireManager(context, userId)), invitationExpiresAt: invitation.expiresAt.toISOString() };
}

export async function resendManagerInvitation(context: AppContext, actor: StaffActor, userId: string) {
  const manager = await requireManager(context, userId);
  if (manager.closed_at) throw new AppError('manager_not_found');
  const invitation = await sendAccountInvitation(context, { userId, email: manager.email, space: 'manager' });
  await recordStaffAction(context, actor, { action: 'staff.manager_invitation_resent', target: { type: 'user', id: userId } });
  return { manager: toManagerUser(manager), invitationExpiresAt: invitation.expiresAt.toISOString() };
}

export async function editManager(
  context: AppContext,
  actor: StaffActor,
  userId: string,
  input: { firstName?: string; lastName?: string; isPortalAdmin?: boolean; seesAllResidences?: boolean },
): Promise<ManagerUser> {
  await requireManager(context, userId);
  await context.db.transaction().execute(async (trx) => {
    await updateManager(trx, userId, input);
    await recordStaffAction(
      context,
      actor,
      {
        action: 'staff.manager_updated',
        target: { type: 'user', id: userId },
        details: { fields: Object.keys(input).join(','), is_portal_admin: input.isPortalAdmin ?? null, sees_all_residences: input.seesAllResidences ?? null },
      },
      trx,
    );
  });
  return toManagerUser(await requireManager(context, userId));
}

export async function setManagerResidences(context: AppContext, actor: StaffActor, userId: string, residenceIds: string[]): Promise<ManagerUser> {
  const manager = await requireManager(context, userId);
  const unique = await refuseForeignResidences(context, manager.client_id, residenceIds);
  await context.db.transaction().execute(async (trx) => {
    const change = await replaceManagerResidences(trx, userId, unique, context.clock.now());
    await recordStaffAction(context, actor, { action: 'staff.manager_residences_set', target: { type: 'user', id: userId }, details: { ...change, total: unique.length } }, trx);
  });
  return toManagerUser(await requireManager(context, userId));
}

export async function deactivateManager(context: AppContext, actor: StaffActor, userId: string): Promise<ManagerUser> {
  const manager = await requireManager(context, userId);
  if (!manager.closed_at) {
    await context.db.transaction().execute(async (trx) => {
      await closeAccount(trx, userId, context.clock.now());
      const endedSessions = await endAllSessionsOfUser(trx, userId);
      await recordStaffAction(context, actor, { action: 'staff.manager_deactivated', target: { type: 'user', id: userId }, details: { ended_sessions: endedSessions } }, trx);
    });
  }
  return toManagerUser(await requireManager(context, userId));
}

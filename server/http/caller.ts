import type { FastifyReply, FastifyRequest } from 'fastify';
import type { DeviceKind, DeviceUnit, SessionAssurance, StaffRole, UserRole } from '../db/schema.ts';

/**
 * Who is calling, as the guard layer sees it. The platform defines these shapes; the accounts
 * module fills them (its sessions) and hands the guards the session functions they need
 * (`SessionPorts`), so the platform imports no module.
 */

/** A resident's dwelling, as their requests read it (occupancy's `residentDwellingOf`). */
export interface ResidentDwelling {
  dwellingId: string;
  residenceId: string;
  timeZone: string;
  /** The instant this resident's history starts (SPEC §3 step 3), ISO 8601. */
  boundaryAt: string;
  /** The day it falls on in the residence's zone: the first day this resident may see, partly when it starts after its midnight. */
  boundaryDay: string;
  /** What the consumption engine last wrote for the residence (see the dashboard cache). */
  consumptionVersion: string;
  deviceUnits: Array<{ kind: DeviceKind; unit: DeviceUnit }>;
  dwelling: { clientNumber: string; building: string; staircase: string; floor: string; dwellingCode: string };
  residence: { name: string | null; buildingCode: string; street: string; postalCode: string; city: string };
}

/** The residences a manager user may see: all of their client's, or those granted to them. */
export interface ManagerScope {
  userId: string;
  clientId: string;
  seesAllResidences: boolean;
}

/** Who holds a session, with what each role's guard needs. */
export interface SessionUser {
  userId: string;
  role: UserRole;
  email: string;
  locale: 'fr' | 'en';
  displayName: string;
  /** The one dwelling a resident may read, read with the session. */
  resident: ResidentDwelling | null;
  manager: { clientId: string; isPortalAdmin: boolean; seesAllResidences: boolean } | null;
  staff: { staffRole: StaffRole } | null;
}

export interface ActiveSession {
  /** The session's id hash; for a personal access token, the token's hash. */
  idHash: Buffer;
  /** Set when the request carries a personal access token rather than a session cookie. */
  apiTokenId?: string;
  assurance: SessionAssurance;
  user: SessionUser;
}

export type SessionLookup = { status: 'active'; session: ActiveSession } | { status: 'expired' } | { status: 'none' };

/** What the guard layer needs of the sessions, given by the composition root. */
export interface SessionPorts {
  /** The session token the request's cookie carries, if any. */
  readToken(request: FastifyRequest): string | undefined;
  clearCookie(reply: FastifyReply): void;
  resolve(token: string): Promise<SessionLookup>;
  /**
   * The resident behind a personal access token (`Authorization: Bearer rcp_…`), recording its
   * use; throws `api_token_rate_limited` over the token's limit.
   */
  resolveApiToken(token: string): Promise<SessionLookup>;
}

export interface ResidentCaller extends ResidentDwelling {
  userId: string;
}

export interface ManagerCaller extends ManagerScope {
  isPortalAdmin: boolean;
}

import { z } from 'zod';
import { isoDay, pageOf, pageQuery, searchText } from './backoffice.schemas.ts';

/** Resident accounts found by email (prefix), dwelling code, reference or client number (prefix), or a device's serial number or radio id. */
export const residentSearchQuery = pageQuery.extend({ search: searchText, includeClosed: z.coerce.boolean().default(false) });

export const residentAccount = z.object({
  id: z.uuid(),
  email: z.string(),
  firstName: z.string().nullable(),
  lastName: z.string().nullable(),
  createdAt: z.string(),
  closedAt: z.string().nullable(),
  movedInOn: z.string().nullable(),
  movedOutOn: z.string().nullable(),
  dwelling: z.object({ id: z.uuid(), dwellingCode: z.string(), reference: z.string(), clientNumber: z.string() }),
  residence: z.object({ id: z.uuid(), buildingCode: z.string(), name: z.string().nullable(), city: z.string() }),
  /** A login lockout is running on the account. */
  lockedUntil: z.string().nullable(),
});
export const residentAccountPage = pageOf(residentAccount);

export const closeOnMoveOutBody = z.object({ movedOutOn: isoDay, note: z.string().trim().max(500).default('') });
export const closeOnMoveOutResult = z.object({ account: residentAccount, isClosed: z.boolean() });

export const resendCodeBody = z.object({ email: z.email().max(254) });
export const resendCodeResult = z.object({ resent: z.number().int() });

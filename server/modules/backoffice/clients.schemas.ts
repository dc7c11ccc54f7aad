import { z } from 'zod';
import { isoDay, pageOf, pageQuery, searchText } from './backoffice.schemas.ts';

export const clientKind = z.enum(['syndic', 'bailleur']);
export const contractOption = z.enum(['resident_portal', 'remote_reading']);

export const clientListQuery = pageQuery.extend({ search: searchText });

export const clientSummary = z.object({
  id: z.uuid(),
  name: z.string(),
  kind: clientKind,
  contractCount: z.number().int(),
  residenceCount: z.number().int(),
  managerCount: z.number().int(),
  /** A running contract books « Portail résident ». */
  hasResidentPortal: z.boolean(),
});
export const clientPage = pageOf(clientSummary);

export const contract = z.object({
  id: z.uuid(),
  reference: z.string(),
  bookedOptions: z.array(contractOption),
  startsOn: z.string(),
  endsOn: z.string().nullable(),
});

export const managerUser = z.object({
  id: z.uuid(),
  email: z.string(),
  firstName: z.string(),
  lastName: z.string(),
  isPortalAdmin: z.boolean(),
  seesAllResidences: z.boolean(),
  residenceIds: z.array(z.uuid()),
  isActive: z.boolean(),
  hasPassword: z.boolean(),
});

export const clientDetail = z.object({
  id: z.uuid(),
  name: z.string(),
  kind: clientKind,
  contracts: z.array(contract),
  residences: z.array(
    z.object({ id: z.uuid(), buildingCode: z.string(), name: z.string().nullable(), city: z.string(), contractId: z.uuid(), publishedAt: z.string().nullable() }),
  ),
  managers: z.array(managerUser),
});

export const clientBody = z.object({ name: z.string().trim().min(1).max(200), kind: clientKind });
export const clientPatchBody = clientBody.partial();

export const contractBody = z
  .object({
    reference: z.string().trim().min(1).max(50),
    bookedOptions: z.array(contractOption).max(2),
    startsOn: isoDay,
    endsOn: isoDay.nullable().default(null),
  })
  .refine((value) => value.endsOn === null || value.endsOn >= value.startsOn, { path: ['endsOn'], message: 'ends_before_start' });
export const contractPatchBody = z.object({ bookedOptions: z.array(contractOption).max(2).optional(), endsOn: isoDay.nullable().optional() });

export const managerInviteBody = z.object({
  email: z.email().max(254),
  firstName: z.string().trim().max(100).default(''),
  lastName: z.string().trim().max(100).default(''),
  isPortalAdmin: z.boolean().default(false),
  seesAllResidences: z.boolean().default(false),
  residenceIds: z.array(z.uuid()).max(10_000).default([]),
});
export const managerPatchBody = z.object({
  firstName: z.string().trim().max(100).optional(),
  lastName: z.string().trim().max(100).optional(),
  isPortalAdmin: z.boolean().optional(),
  seesAllResidences: z.boolean().optional(),
});
export const managerResidencesBody = z.object({ residenceIds: z.array(z.uuid()).max(10_000) });
export const managerInvitationSent = z.object({ manager: managerUser, invitationExpiresAt: z.string() });

export type ClientDetail = z.infer<typeof clientDetail>;
export type ManagerUser = z.infer<typeof managerUser>;

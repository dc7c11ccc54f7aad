import { z } from 'zod';

export const staffRole = z.enum(['support', 'data', 'admin']);

export const staffUser = z.object({
  id: z.uuid(),
  email: z.string(),
  displayName: z.string(),
  role: staffRole,
  isActive: z.boolean(),
  /** Chose a password (accepted the invitation). */
  hasPassword: z.boolean(),
  hasSecondFactor: z.boolean(),
  createdAt: z.string(),
  closedAt: z.string().nullable(),
});

export const staffUserList = z.object({ items: z.array(staffUser) });

export const inviteStaffBody = z.object({
  email: z.email().max(254),
  displayName: z.string().trim().min(1).max(100),
  role: staffRole,
});

export const changeStaffRoleBody = z.object({ role: staffRole });

export const invitationSent = z.object({ user: staffUser, invitationExpiresAt: z.string() });

export type StaffUser = z.infer<typeof staffUser>;

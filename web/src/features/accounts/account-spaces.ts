import type { LoginSpace } from '#shared/contracts/accounts.ts';
import type { Space } from '../../components/space-layout.tsx';

/** Where each kind of account logs in and lands. */
export const accountSpaces: Record<LoginSpace, { home: string; login: string }> = {
  resident: { home: '/mon-espace', login: '/connexion' },
  manager: { home: '/moncompte', login: '/moncompte/connexion' },
  staff: { home: '/back-office', login: '/back-office/connexion' },
};

export const forgotPasswordPath = (space: LoginSpace) => `${accountSpaces[space].login}/mot-de-passe-oublie`;
export const secondFactorPath = `${accountSpaces.staff.login}/double-authentification`;

const roleOfSpace: Record<Space, LoginSpace> = { residentSpace: 'resident', managerSpace: 'manager', backOffice: 'staff' };

export function loginSpaceOf(space: Space): LoginSpace {
  return roleOfSpace[space];
}

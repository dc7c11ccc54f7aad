import type { SignedInUser } from '#shared/contracts/accounts.ts';
import type { SessionUser } from '../../http/caller.ts';

/** What the web app learns about the person signed in: never a row, never a secret. */
export function presentSignedInUser(user: SessionUser): SignedInUser {
  return {
    id: user.userId,
    role: user.role,
    email: user.email,
    displayName: user.displayName,
    locale: user.locale,
    staffRole: user.staff?.staffRole ?? null,
    isPortalAdmin: user.manager?.isPortalAdmin ?? null,
  };
}

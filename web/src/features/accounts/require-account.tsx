import type { ReactNode } from 'react';
import { Navigate } from 'react-router';
import { PageLoading } from '../../components/page-loading.tsx';
import type { Space } from '../../components/space-layout.tsx';
import { accountSpaces, loginSpaceOf } from './account-spaces.ts';
import { useCurrentUser } from './use-current-user.ts';

/**
 * Shows a space only to a person logged in with that space's kind of account; anyone else
 * goes to that space's login page. The server's guards decide what the API gives; this only
 * keeps the screens coherent.
 */
export function RequireAccount({ space, children }: { space: Space; children: ReactNode }) {
  const { data, isPending } = useCurrentUser();
  const role = loginSpaceOf(space);
  if (isPending) return <PageLoading />;
  if (data?.user?.role !== role) return <Navigate to={accountSpaces[role].login} replace />;
  return children;
}

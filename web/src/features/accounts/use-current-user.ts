import { useQuery, useQueryClient } from '@tanstack/react-query';
import type { MeResponse } from '#shared/contracts/accounts.ts';
import { accountsApi } from './accounts-api.ts';

const CURRENT_USER_KEY = ['accounts', 'me'] as const;

/** Who is logged in (null when nobody is), shared by every component that asks. */
export function useCurrentUser() {
  return useQuery({ queryKey: CURRENT_USER_KEY, queryFn: ({ signal }) => accountsApi.me(signal), staleTime: 60_000 });
}

/** After a login, logout or second factor, the next read asks the server again. */
export function useRefreshCurrentUser(): (known?: MeResponse) => Promise<void> {
  const queryClient = useQueryClient();
  return async (known) => {
    if (known) queryClient.setQueryData(CURRENT_USER_KEY, known);
    else await queryClient.invalidateQueries({ queryKey: CURRENT_USER_KEY });
  };
}

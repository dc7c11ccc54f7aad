import { SpaceLayout, type SpaceLayoutProps } from '../../components/space-layout.tsx';
import { AccountBar } from './account-bar.tsx';
import { RequireAccount } from './require-account.tsx';

/** A space's frame for its own kind of account only, with who is signed in at the end of its menu. */
export function SignedInSpaceLayout(props: Omit<SpaceLayoutProps, 'account'>) {
  return (
    <RequireAccount space={props.space}>
      <SpaceLayout {...props} account={<AccountBar space={props.space} />} />
    </RequireAccount>
  );
}

import { useNavigate } from 'react-router';
import type { Space } from '../../components/space-layout.tsx';
import { accountSpaces, loginSpaceOf } from './account-spaces.ts';
import { accountsApi } from './accounts-api.ts';
import { useAccountsText } from './accounts-i18n.ts';
import type { LoginNotice } from './login-page.tsx';
import { useCurrentUser } from './use-current-user.ts';
import './accounts.css';

/** Who is logged in, and the logout button, in the bar of each space. */
export function AccountBar({ space }: { space: Space }) {
  const t = useAccountsText();
  const navigate = useNavigate();
  const { data } = useCurrentUser();
  if (!data?.user) return null;

  async function logOut() {
    await accountsApi.logOut().catch(() => undefined);
    // The login page forgets the user once it shows: clearing it here would let the space's
    // guard redirect first, without the « logged out » notice.
    navigate(accountSpaces[loginSpaceOf(space)].login, { replace: true, state: { notice: 'loggedOut' satisfies LoginNotice } });
  }

  return (
    <div className="account-bar">
      <p>{t('account.signedInAs', { name: data.user.displayName })}</p>
      <button type="button" className="button button-secondary" onClick={() => void logOut()}>
        {t('account.logOut')}
      </button>
    </div>
  );
}

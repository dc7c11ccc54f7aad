import { useTranslation } from 'react-i18next';
import { NavLink, Outlet } from 'react-router';
import { AccountBar } from '../features/accounts/account-bar.tsx';
import { RequireAccount } from '../features/accounts/require-account.tsx';
import { useDocumentTitle } from './use-document-title.ts';

/** The three spaces; each has its own block of texts in the translation files. */
export type Space = 'residentSpace' | 'managerSpace' | 'backOffice';

export interface SpaceNavigationItem {
  /** Path relative to the space's root; '' is the space's home. */
  to: string;
  label: string;
  /** Active only on this exact address (a space's home given as an absolute address); '' always is. */
  end?: boolean;
}

interface SpaceLayoutProps {
  space: Space;
  navigation: SpaceNavigationItem[];
}

/** The frame of a space (resident, manager, back office): its name, its menu, then the page. */
export function SpaceLayout({ space, navigation }: SpaceLayoutProps) {
  const { t } = useTranslation();
  return (
    <RequireAccount space={space}>
      <div className={`space space-${space}`}>
        <div className="space-bar">
          <p className="space-name">{t(`${space}.name`)}</p>
          <nav aria-label={t(`${space}.navigation`)}>
            <ul className="space-navigation">
              {navigation.map((item) => (
                <li key={item.to}>
                  <NavLink to={item.to} end={item.end ?? item.to === ''}>
                    {item.label}
                  </NavLink>
                </li>
              ))}
            </ul>
          </nav>
          <AccountBar space={space} />
        </div>
        <div className="space-content">
          <Outlet />
        </div>
      </div>
    </RequireAccount>
  );
}

/** A space's home until its issue gives it real content: its title and what it will hold. */
export function SpaceHomePage({ space }: { space: Space }) {
  const { t } = useTranslation();
  useDocumentTitle(t(`${space}.documentTitle`));
  return (
    <>
      <h1>{t(`${space}.title`)}</h1>
      <p>{t(`${space}.intro`)}</p>
    </>
  );
}

import { useEffect, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, NavLink, Outlet, useLocation } from 'react-router';
import { assistanceLink, type AssistanceContext } from './assistance-link.ts';

/** The three spaces; each has its own block of texts in the translation files. */
export type Space = 'residentSpace' | 'managerSpace' | 'backOffice';

interface SpaceNavigationItem {
  /** Path relative to the space's root; '' is the space's home. */
  to: string;
  label: string;
  /** Active only on this exact address (a space's home given as an absolute address); '' always is. */
  end?: boolean;
  /** A count shown beside the label (e.g. running alerts), and the words that say it to screen readers. */
  badge?: { count: number; spoken: string } | undefined;
}

/** How each space names itself in an assistance request. */
const SPACE_PAGE: Record<Space, string> = { residentSpace: 'resident-space', managerSpace: 'manager-space', backOffice: 'back-office' };

export interface SpaceLayoutProps {
  space: Space;
  navigation: SpaceNavigationItem[];
  /** What « Contacter l'assistance » pre-fills from this space (dwelling, residence…). */
  assistance?: AssistanceContext;
  /** Who is signed in and how to leave, at the end of the menu. */
  account: ReactNode;
}

/**
 * The frame of a space (resident, manager, back office): its name, its menu, then the page.
 * On a phone the menu, the account and assistance fold behind one « Menu » button, so each
 * page's first screen shows the page itself. The accounts feature gives it the account bar
 * and keeps it to signed-in users (`SignedInSpaceLayout`).
 */
export function SpaceLayout({ space, navigation, assistance, account }: SpaceLayoutProps) {
  const { t } = useTranslation();
  const { pathname } = useLocation();
  const [isMenuOpen, setMenuOpen] = useState(false);
  const menuId = `${space}-menu`;
  // The folded menu shows what its items count, so a phone sees the badge without opening it.
  const badges = navigation.flatMap((item) => (item.badge && item.badge.count > 0 ? [item.badge] : []));

  // A chosen page closes the folded menu.
  useEffect(() => setMenuOpen(false), [pathname]);

  return (
    <div className={`space space-${space}`}>
      <div className="space-bar">
        <p className="space-name">{t(`${space}.name`)}</p>
        <button type="button" className="space-menu-toggle" aria-expanded={isMenuOpen} aria-controls={menuId} onClick={() => setMenuOpen(!isMenuOpen)}>
          {t('layout.menu')}
          {badges.map((badge) => (
            <CountBadge key={badge.spoken} count={badge.count} spoken={badge.spoken} />
          ))}
        </button>
        <div id={menuId} className={`space-menu${isMenuOpen ? ' is-open' : ''}`}>
          <nav aria-label={t(`${space}.navigation`)}>
            <ul className="space-navigation">
              {navigation.map((item) => (
                <li key={item.to}>
                  <NavLink to={item.to} end={item.end ?? item.to === ''}>
                    {item.label}
                    {item.badge && item.badge.count > 0 && <CountBadge count={item.badge.count} spoken={item.badge.spoken} />}
                  </NavLink>
                </li>
              ))}
            </ul>
          </nav>
          <Link to={assistanceLink({ page: SPACE_PAGE[space], ...assistance })} className="space-assistance">
            {t('layout.contactSupport')}
          </Link>
          {account}
        </div>
      </div>
      <div className="space-content">
        <Outlet />
      </div>
    </div>
  );
}

/** « 2 » in a disc; screen readers hear « (2 alertes en cours) » as part of the link's name. */
function CountBadge({ count, spoken }: { count: number; spoken: string }) {
  return (
    <>
      <span className="count-badge" aria-hidden="true">
        {count}
      </span>
      <span className="visually-hidden"> ({spoken})</span>
    </>
  );
}

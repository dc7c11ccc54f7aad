import { Suspense, useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, Outlet, useLocation } from 'react-router';
import { PRIVACY_POLICY_PATH } from '#shared/privacy-policy.ts';
import { assistanceLink } from './assistance-link.ts';
import { LanguageSwitch } from './language-switch.tsx';
import { PageLoading } from './page-loading.tsx';
import { ProductMark } from './product-mark.tsx';

/** Header, main landmark and footer around every page of the portal. */
export function SiteLayout() {
  const { t } = useTranslation();
  const main = useRef<HTMLElement>(null);
  const { pathname } = useLocation();
  const previousPathname = useRef(pathname);

  // After a client-side navigation, screen readers and keyboards start again from the new content.
  useEffect(() => {
    if (previousPathname.current === pathname) return;
    previousPathname.current = pathname;
    main.current?.focus();
  }, [pathname]);

  return (
    <>
      <a className="skip-link" href="#content">
        {t('layout.skipToContent')}
      </a>
      <header className="site-header">
        <div className="site-header-inner">
          <Link to="/" className="product-name" aria-label={t('layout.homeLink')}>
            <ProductMark />
            <span>{t('app.name')}</span>
          </Link>
          <LanguageSwitch />
        </div>
      </header>
      <main id="content" ref={main} tabIndex={-1} className="site-main">
        <Suspense fallback={<PageLoading />}>
          <Outlet />
        </Suspense>
      </main>
      <footer className="site-footer">
        <nav aria-label={t('layout.footerNavigation')} className="site-footer-inner">
          <ul>
            <li>
              <Link to={PRIVACY_POLICY_PATH}>{t('layout.privacyPolicy')}</Link>
            </li>
            <li>
              <Link to={assistanceLink({ page: pageOfPath(pathname) })}>{t('layout.contactSupport')}</Link>
            </li>
            <li>
              <Link to="/moncompte">{t('layout.managerSpace')}</Link>
            </li>
          </ul>
          <p>{t('app.name')}</p>
        </nav>
      </footer>
    </>
  );
}

/** '/moncompte/connexion' → 'moncompte-connexion': where an assistance request came from, as the API accepts it. */
function pageOfPath(pathname: string): string {
  return pathname.toLowerCase().replace(/[^a-z]+/g, '-').replace(/^-|-$/g, '') || 'home';
}

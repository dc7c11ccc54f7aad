import type { ReactNode } from 'react';
import { Route, Routes } from 'react-router';
import '../../components/data-views.css';
import { SignedInSpaceLayout } from '../accounts/signed-in-space-layout.tsx';
import { NotFoundPage } from '../not-found/not-found-page.tsx';
import { AlertsPage } from './alerts-page.tsx';
import { ConsumptionDashboardPage } from './consumption-dashboard-page.tsx';
import { FluidConsumptionPage } from './fluid-consumption-page.tsx';
import { DataRightsPage } from './data-rights-page.tsx';
import { MonthlyInformationPage } from './monthly-information-page.tsx';
import { OptionsPage } from './options-page.tsx';
import { ProfilePage } from './profile-page.tsx';
import { residentLinks, residentPaths } from './resident-paths.ts';
import { useResidentAssistanceContext } from './resident-assistance.ts';
import { useRunningAlertsBadge } from './running-alerts.tsx';
import { useResidentText, type ResidentTextKey } from './residents-i18n.ts';
import './residents.css';

interface ResidentPage {
  /** Relative to /mon-espace. */
  path: string;
  element: ReactNode;
  /** A page with a menu entry: its absolute address and its label. */
  menu?: { to: string; label: ResidentTextKey };
}

/**
 * Every page of the resident space, in menu order. A feature adds its page with one entry
 * here (its route, and its menu item when it has one); `element: null` keeps a slot in the
 * menu's order without showing it until the page exists.
 */
const residentPages: ResidentPage[] = [
  { path: '', element: <ConsumptionDashboardPage />, menu: { to: residentLinks.home(), label: 'navigation.dashboard' } },
  { path: `${residentPaths.consumption}/:fluid`, element: <FluidConsumptionPage /> },
  { path: residentPaths.monthlyInformation, element: <MonthlyInformationPage />, menu: { to: residentLinks.monthlyInformation(), label: 'navigation.monthlyInformation' } },
  { path: residentPaths.alerts, element: <AlertsPage />, menu: { to: residentLinks.alerts(), label: 'navigation.alerts' } },
  { path: residentPaths.options, element: <OptionsPage />, menu: { to: residentLinks.options(), label: 'navigation.options' } },
  { path: residentPaths.profile, element: <ProfilePage />, menu: { to: residentLinks.profile(), label: 'navigation.profile' } },
  { path: residentPaths.data, element: <DataRightsPage />, menu: { to: residentLinks.data(), label: 'navigation.data' } },
];

/** The resident space « Mes suivis de consommation » at /mon-espace; loaded on demand. */
export default function ResidentSpace() {
  const { t } = useResidentText();
  const alertsBadge = useRunningAlertsBadge();
  const assistance = useResidentAssistanceContext();
  const pages = residentPages.filter((page) => page.element !== null);
  const navigation = pages.flatMap((page) =>
    page.menu ? [{ to: page.menu.to, label: t(page.menu.label), end: page.path === '', badge: page.path === residentPaths.alerts ? alertsBadge : undefined }] : [],
  );
  return (
    <Routes>
      <Route element={<SignedInSpaceLayout space="residentSpace" navigation={navigation} assistance={assistance} />}>
        {pages.map((page) => (page.path === '' ? <Route key="index" index element={page.element} /> : <Route key={page.path} path={page.path} element={page.element} />))}
        <Route path="*" element={<NotFoundPage />} />
      </Route>
    </Routes>
  );
}

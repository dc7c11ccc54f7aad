import { Outlet, Route, Routes } from 'react-router';
import { SignedInSpaceLayout } from '../accounts/signed-in-space-layout.tsx';
import { useCurrentUser } from '../accounts/use-current-user.ts';
import { NotFoundPage } from '../not-found/not-found-page.tsx';
import { AssistanceInboxPage } from './assistance-inbox-page.tsx';
import { AssistanceRequestPage } from './assistance-request-page.tsx';
import { AuditTrailPage } from './audit-trail-page.tsx';
import { BackOfficeHomePage } from './back-office-home-page.tsx';
import { ClientPage } from './client-page.tsx';
import { ClientsPage } from './clients-page.tsx';
import { ImportsPage } from './imports-page.tsx';
import { useOperatorText } from './operator-i18n.ts';
import { operatorLinks, operatorPaths } from './operator-paths.ts';
import { sectionsFor } from './operator-sections.ts';
import { OutboxPage } from './outbox-page.tsx';
import { QuickSearch } from './quick-search.tsx';
import { DataHealthPage } from './data-health-page.tsx';
import { DwellingPage } from './dwelling-page.tsx';
import { ResidentAccountsPage } from './resident-accounts-page.tsx';
import { ResidencePage } from './residence-page.tsx';
import { ResidencesPage } from './residences-page.tsx';
import { SearchResultsPage } from './search-results-page.tsx';
import { StaffUsersPage } from './staff-users-page.tsx';
import './operator.css';

/** The operator's back office at /back-office; loaded on demand. */
export default function BackOffice() {
  const { t } = useOperatorText();
  const { data } = useCurrentUser();
  const navigation = [
    { to: operatorLinks.home(), label: t('navigation.home'), end: true },
    ...sectionsFor(data?.user?.staffRole).map((section) => ({ to: section.to, label: t(section.title) })),
  ];
  return (
    <Routes>
      <Route element={<SignedInSpaceLayout space="backOffice" navigation={navigation} />}>
        <Route element={<WithQuickSearch />}>
          <Route index element={<BackOfficeHomePage />} />
          <Route path={operatorPaths.search} element={<SearchResultsPage />} />
          <Route path={operatorPaths.residences} element={<ResidencesPage />} />
          <Route path={`${operatorPaths.residences}/:residenceId`} element={<ResidencePage />} />
          <Route path={`${operatorPaths.dwellings}/:dwellingId`} element={<DwellingPage />} />
          <Route path={operatorPaths.assistance} element={<AssistanceInboxPage />} />
          <Route path={`${operatorPaths.assistance}/:requestId`} element={<AssistanceRequestPage />} />
          <Route path={operatorPaths.residentAccounts} element={<ResidentAccountsPage />} />
          <Route path={operatorPaths.dataHealth} element={<DataHealthPage />} />
          <Route path={operatorPaths.imports} element={<ImportsPage />} />
          <Route path={operatorPaths.outbox} element={<OutboxPage />} />
          <Route path={operatorPaths.clients} element={<ClientsPage />} />
          <Route path={`${operatorPaths.clients}/:clientId`} element={<ClientPage />} />
          <Route path={operatorPaths.audit} element={<AuditTrailPage />} />
          <Route path={operatorPaths.staff} element={<StaffUsersPage />} />
          <Route path="*" element={<NotFoundPage />} />
        </Route>
      </Route>
    </Routes>
  );
}

/** Every back-office page starts with the quick search, so a caller's number is one keystroke away. */
function WithQuickSearch() {
  return (
    <>
      <QuickSearch />
      <Outlet />
    </>
  );
}

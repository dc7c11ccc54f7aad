import { Outlet, Route, Routes } from 'react-router';
import { SpaceLayout } from '../../components/space-layout.tsx';
import { NotFoundPage } from '../not-found/not-found-page.tsx';
import { BackOfficeHomePage } from './back-office-home-page.tsx';
import { useOperatorText } from './operator-i18n.ts';
import { operatorLinks, operatorPaths } from './operator-paths.ts';
import { QuickSearch } from './quick-search.tsx';
import { ResidencePage } from './residence-page.tsx';
import { ResidencesPage } from './residences-page.tsx';
import { SearchResultsPage } from './search-results-page.tsx';
import './operator.css';

/** The operator's back office at /back-office; loaded on demand. */
export default function BackOffice() {
  const { t } = useOperatorText();
  const navigation = [
    { to: operatorLinks.home(), label: t('navigation.home') },
    { to: operatorLinks.residences(), label: t('navigation.residences') },
  ];
  return (
    <Routes>
      <Route element={<SpaceLayout space="backOffice" navigation={navigation} />}>
        <Route element={<WithQuickSearch />}>
          <Route index element={<BackOfficeHomePage />} />
          <Route path={operatorPaths.search} element={<SearchResultsPage />} />
          <Route path={operatorPaths.residences} element={<ResidencesPage />} />
          <Route path={`${operatorPaths.residences}/:residenceId`} element={<ResidencePage />} />
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

import { Route, Routes } from 'react-router';
import { SignedInSpaceLayout } from '../accounts/signed-in-space-layout.tsx';
import { NotFoundPage } from '../not-found/not-found-page.tsx';
import { DocumentPage } from './document-page.tsx';
import { DocumentsPage } from './documents-page.tsx';
import { DwellingDailyPage } from './dwelling-daily-page.tsx';
import { ManagerHomePage } from './manager-home-page.tsx';
import { managerLinks, managerPaths } from './manager-paths.ts';
import { useManagerText } from './managers-i18n.ts';
import { ResidencePage } from './residence-page.tsx';
import { ResidencesPage } from './residences-page.tsx';
import { SignupKitPage } from './signup-kit-page.tsx';
import './managers.css';

/** The manager space « MonCompte » at /moncompte; loaded on demand. */
export default function ManagerSpace() {
  const { t } = useManagerText();
  // Absolute addresses: a relative one would resolve against the whole URL inside the /moncompte/* splat route.
  const navigation = [
    { to: managerLinks.residences(), label: t('navigation.residences') },
    { to: managerLinks.documents(), label: t('navigation.documents') },
    { to: managerLinks.kit(), label: t('navigation.kit') },
  ];
  return (
    <Routes>
      <Route element={<SignedInSpaceLayout space="managerSpace" navigation={navigation} />}>
        <Route index element={<ManagerHomePage />} />
        <Route path={managerPaths.residences} element={<ResidencesPage />} />
        <Route path={`${managerPaths.residences}/:residenceId`} element={<ResidencePage />} />
        <Route path={`${managerPaths.dwellings}/:dwellingId/${managerPaths.dailyConsumption}`} element={<DwellingDailyPage />} />
        <Route path={managerPaths.documents} element={<DocumentsPage />} />
        <Route path={`${managerPaths.documents}/:documentId`} element={<DocumentPage />} />
        <Route path={managerPaths.kit} element={<SignupKitPage />} />
        <Route path="*" element={<NotFoundPage />} />
      </Route>
    </Routes>
  );
}

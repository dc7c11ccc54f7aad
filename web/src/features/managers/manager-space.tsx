import { useTranslation } from 'react-i18next';
import { Route, Routes } from 'react-router';
import { SpaceHomePage, SpaceLayout } from '../../components/space-layout.tsx';
import { NotFoundPage } from '../not-found/not-found-page.tsx';

/** The manager space « MonCompte » at /moncompte; loaded on demand. */
export default function ManagerSpace() {
  const { t } = useTranslation();
  const navigation = [{ to: '', label: t('managerSpace.home') }];
  return (
    <Routes>
      <Route element={<SpaceLayout space="managerSpace" navigation={navigation} />}>
        <Route index element={<SpaceHomePage space="managerSpace" />} />
        <Route path="*" element={<NotFoundPage />} />
      </Route>
    </Routes>
  );
}

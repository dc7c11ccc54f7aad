import { useTranslation } from 'react-i18next';
import { Route, Routes } from 'react-router';
import { SpaceHomePage, SpaceLayout } from '../../components/space-layout.tsx';
import { NotFoundPage } from '../not-found/not-found-page.tsx';

/** The resident space « Mes suivis de consommation » at /mon-espace; loaded on demand. */
export default function ResidentSpace() {
  const { t } = useTranslation();
  const navigation = [{ to: '', label: t('residentSpace.home') }];
  return (
    <Routes>
      <Route element={<SpaceLayout space="residentSpace" navigation={navigation} />}>
        <Route index element={<SpaceHomePage space="residentSpace" />} />
        <Route path="*" element={<NotFoundPage />} />
      </Route>
    </Routes>
  );
}

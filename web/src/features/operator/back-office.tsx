import { useTranslation } from 'react-i18next';
import { Route, Routes } from 'react-router';
import { SpaceHomePage, SpaceLayout } from '../../components/space-layout.tsx';
import { NotFoundPage } from '../not-found/not-found-page.tsx';

/** The operator's back office at /back-office; loaded on demand. */
export default function BackOffice() {
  const { t } = useTranslation();
  const navigation = [{ to: '', label: t('backOffice.home') }];
  return (
    <Routes>
      <Route element={<SpaceLayout space="backOffice" navigation={navigation} />}>
        <Route index element={<SpaceHomePage space="backOffice" />} />
        <Route path="*" element={<NotFoundPage />} />
      </Route>
    </Routes>
  );
}

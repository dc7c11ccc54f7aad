import { lazy } from 'react';
import { Route, Routes } from 'react-router';
import { PRIVACY_POLICY_PATH } from '#shared/privacy-policy.ts';
import { SiteLayout } from './components/site-layout.tsx';
import { LandingPage } from './features/landing/landing-page.tsx';
import { NotFoundPage } from './features/not-found/not-found-page.tsx';

// Everything past the landing page loads on demand, so the first screen stays small.
const SignupRoutes = lazy(() => import('./features/signup/signup-routes.tsx'));
const PrivacyPolicyPage = lazy(() => import('./features/privacy/privacy-policy-page.tsx'));
const ResidentSpace = lazy(() => import('./features/residents/resident-space.tsx'));
const ManagerSpace = lazy(() => import('./features/managers/manager-space.tsx'));
const BackOffice = lazy(() => import('./features/operator/back-office.tsx'));
const LoginRoutes = lazy(() => import('./features/accounts/login-routes.tsx'));
const AssistancePage = lazy(() => import('./features/assistance/assistance-page.tsx'));

export function AppRoutes() {
  return (
    <Routes>
      <Route element={<SiteLayout />}>
        <Route index element={<LandingPage />} />
        <Route path="inscription/*" element={<SignupRoutes />} />
        <Route path="assistance" element={<AssistancePage />} />
        <Route path={PRIVACY_POLICY_PATH} element={<PrivacyPolicyPage />} />
        <Route path="connexion/*" element={<LoginRoutes space="resident" />} />
        <Route path="moncompte/connexion/*" element={<LoginRoutes space="manager" />} />
        <Route path="back-office/connexion/*" element={<LoginRoutes space="staff" />} />
        <Route path="mon-espace/*" element={<ResidentSpace />} />
        <Route path="moncompte/*" element={<ManagerSpace />} />
        <Route path="back-office/*" element={<BackOffice />} />
        <Route path="*" element={<NotFoundPage />} />
      </Route>
    </Routes>
  );
}

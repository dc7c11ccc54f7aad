import { Route, Routes } from 'react-router';
import type { LoginSpace } from '#shared/contracts/accounts.ts';
import { NotFoundPage } from '../not-found/not-found-page.tsx';
import { ForgotPasswordPage } from './forgot-password-page.tsx';
import { LoginPage } from './login-page.tsx';
import { SecondFactorPage } from './second-factor-page.tsx';
import './accounts.css';

/** A space's login pages, under its login path (/connexion, /moncompte/connexion, /back-office/connexion); loaded on demand. */
export default function LoginRoutes({ space }: { space: LoginSpace }) {
  return (
    <Routes>
      <Route index element={<LoginPage space={space} />} />
      <Route path="mot-de-passe-oublie" element={<ForgotPasswordPage space={space} />} />
      {space === 'staff' && <Route path="double-authentification" element={<SecondFactorPage />} />}
      <Route path="*" element={<NotFoundPage />} />
    </Routes>
  );
}

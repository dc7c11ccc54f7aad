import { Route, Routes } from 'react-router';
import { NotFoundPage } from '../not-found/not-found-page.tsx';
import { ContactSupportPage } from './contact-support-page.tsx';
import { SignupFlow } from './signup-flow.tsx';
import './signup.css';

/** Everything under /inscription; loaded on demand. */
export default function SignupRoutes() {
  return (
    <Routes>
      <Route index element={<SignupFlow />} />
      <Route path="assistance" element={<ContactSupportPage />} />
      <Route path="*" element={<NotFoundPage />} />
    </Routes>
  );
}

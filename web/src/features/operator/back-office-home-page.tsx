import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { useDocumentTitle } from '../../components/use-document-title.ts';
import { RecoveryCodesReissue } from '../accounts/recovery-codes-reissue.tsx';
import { useCurrentUser } from '../accounts/use-current-user.ts';
import { useOperatorText } from './operator-i18n.ts';
import { sectionsFor } from './operator-sections.ts';

/** The back office's home: the parts this staff member's role opens, what each is for, and « Mes codes de secours ». */
export function BackOfficeHomePage() {
  const { t: appText } = useTranslation();
  const { t } = useOperatorText();
  const { data } = useCurrentUser();
  useDocumentTitle(appText('backOffice.documentTitle'));
  return (
    <>
      <h1>{appText('backOffice.title')}</h1>
      <p className="lead">{appText('backOffice.intro')}</p>
      <ul className="card-list">
        {sectionsFor(data?.user?.staffRole).map((section) => (
          <li key={section.to} className="card">
            <h2>
              <Link to={section.to}>{t(section.title)}</Link>
            </h2>
            <p>{t(section.text)}</p>
          </li>
        ))}
      </ul>
      <RecoveryCodesReissue />
    </>
  );
}

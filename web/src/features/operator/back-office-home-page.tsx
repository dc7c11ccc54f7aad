import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { useDocumentTitle } from '../../components/use-document-title.ts';
import { useOperatorText, type OperatorTextKey } from './operator-i18n.ts';
import { operatorLinks } from './operator-paths.ts';

/** The back office's home: what each part is for. */
export function BackOfficeHomePage() {
  const { t: appText } = useTranslation();
  const { t } = useOperatorText();
  useDocumentTitle(appText('backOffice.documentTitle'));
  const sections: { to: string; title: OperatorTextKey; text: OperatorTextKey }[] = [
    { to: operatorLinks.residences(), title: 'navigation.residences', text: 'home.residencesText' },
  ];
  return (
    <>
      <h1>{appText('backOffice.title')}</h1>
      <p className="lead">{appText('backOffice.intro')}</p>
      <ul className="card-list">
        {sections.map((section) => (
          <li key={section.to} className="card">
            <h2>
              <Link to={section.to}>{t(section.title)}</Link>
            </h2>
            <p>{t(section.text)}</p>
          </li>
        ))}
      </ul>
    </>
  );
}

import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { useDocumentTitle } from '../../components/use-document-title.ts';
import { managerLinks } from './manager-paths.ts';
import { useManagerText } from './managers-i18n.ts';

/** The space's home: the three things a manager comes for. */
export function ManagerHomePage() {
  const { t: appText } = useTranslation();
  const { t } = useManagerText();
  useDocumentTitle(appText('managerSpace.documentTitle'));
  const sections = [
    { to: managerLinks.residences(), title: t('navigation.residences'), text: t('home.residencesText') },
    { to: managerLinks.documents(), title: t('navigation.documents'), text: t('home.documentsText') },
    { to: managerLinks.kit(), title: t('navigation.kit'), text: t('home.kitText') },
  ];
  return (
    <>
      <h1>{appText('managerSpace.title')}</h1>
      <p className="lead">{appText('managerSpace.intro')}</p>
      <ul className="card-list">
        {sections.map((section) => (
          <li key={section.to} className="card">
            <h2>
              <Link to={section.to}>{section.title}</Link>
            </h2>
            <p>{section.text}</p>
          </li>
        ))}
      </ul>
    </>
  );
}

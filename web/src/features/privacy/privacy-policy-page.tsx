import { useTranslation } from 'react-i18next';
import { PRIVACY_POLICY_VERSION } from '#shared/privacy-policy.ts';
import { useDocumentTitle } from '../../components/use-document-title.ts';
import { defaultLanguage, isLanguage } from '../../i18n/language.ts';
import { privacyPolicyText } from './privacy-policy-text.ts';

/** The privacy policy the sign-up's consent links to; loaded on demand. */
export default function PrivacyPolicyPage() {
  const { t, i18n } = useTranslation();
  useDocumentTitle(t('privacy.documentTitle'));
  const text = privacyPolicyText[isLanguage(i18n.language) ? i18n.language : defaultLanguage];

  return (
    <article className="narrow policy">
      <h1>{t('privacy.title')}</h1>
      <p className="policy-version">{t('privacy.version', { version: PRIVACY_POLICY_VERSION })}</p>
      <p className="lead">{text.intro}</p>
      <nav aria-labelledby="policy-contents" className="panel">
        <h2 id="policy-contents">{t('privacy.tableOfContents')}</h2>
        <ol>
          {text.sections.map((section) => (
            <li key={section.id}>
              <a href={`#${section.id}`}>{section.title}</a>
            </li>
          ))}
        </ol>
      </nav>
      {text.sections.map((section) => (
        <section key={section.id} aria-labelledby={section.id}>
          <h2 id={section.id} tabIndex={-1}>
            {section.title}
          </h2>
          {section.paragraphs.map((paragraph) => (
            <p key={paragraph}>{paragraph}</p>
          ))}
          {section.items && (
            <ul>
              {section.items.map((item) => (
                <li key={item}>{item}</li>
              ))}
            </ul>
          )}
        </section>
      ))}
    </article>
  );
}

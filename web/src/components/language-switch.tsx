import { useTranslation } from 'react-i18next';
import { chooseLanguage } from '../i18n/i18n.ts';
import { languageNames, supportedLanguages } from '../i18n/language.ts';

/** FR / EN buttons, named « FR Français » and « EN English »; the choice is kept in the `lang` cookie. */
export function LanguageSwitch() {
  const { t, i18n } = useTranslation();
  return (
    <div className="language-switch" role="group" aria-label={t('layout.languageLabel')}>
      {supportedLanguages.map((language) => (
        <button
          key={language}
          type="button"
          lang={language}
          aria-pressed={i18n.language === language}
          onClick={() => void chooseLanguage(i18n, language)}
        >
          {/* The accessible name starts with the visible code (WCAG 2.5.3), then says the language in full. */}
          {language.toUpperCase()}
          <span className="visually-hidden"> {languageNames[language]}</span>
        </button>
      ))}
    </div>
  );
}

import { checkPasswordRules } from '#shared/password-rules.ts';
import type { SignupText } from './signup-i18n.ts';

/** The seed's password rules, each ticked as soon as the typed password meets it. */
export function PasswordChecklist({ id, password, t }: { id: string; password: string; t: SignupText }) {
  return (
    <div id={id} className="password-checklist">
      <p>{t('personal.passwordRules')}</p>
      <ul>
        {checkPasswordRules(password).map((rule) => (
          <li key={rule.id} className={rule.isMet ? 'rule-met' : 'rule-unmet'}>
            <span aria-hidden="true">{rule.isMet ? '☑' : '☐'}</span> {t(`personal.rules.${rule.id}`)}
            <span className="visually-hidden"> ({rule.isMet ? t('personal.ruleMet') : t('personal.ruleUnmet')})</span>
          </li>
        ))}
      </ul>
    </div>
  );
}

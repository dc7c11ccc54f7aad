import { checkPasswordRules } from '#shared/password-rules.ts';
import { useAccountsText } from './accounts-i18n.ts';

/** The seed's rules, each ticked live as the password meets it. */
export function PasswordRulesChecklist({ id, password }: { id: string; password: string }) {
  const t = useAccountsText();
  return (
    <div id={id}>
      <p>{t('rules.title')}</p>
      <ul className="password-rules">
        {checkPasswordRules(password).map((rule) => (
          <li key={rule.id} data-met={rule.isMet}>
            {t(`rules.${rule.id}`)} <span className="visually-hidden">({t(rule.isMet ? 'rules.met' : 'rules.unmet')})</span>
          </li>
        ))}
      </ul>
      <p className="hint">{t('rules.notice')}</p>
    </div>
  );
}

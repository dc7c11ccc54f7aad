import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { formatInstantDate } from '../../components/format.ts';
import { AccountField, AccountRefusal, useAccountSubmission } from '../accounts/account-form.tsx';
import { API_TOKEN_LIFETIMES_DAYS } from '#shared/contracts/api-tokens.ts';
import { residentApi, residentSettingsKeys, type ApiTokenCreated, type ApiTokenSummary } from './residents-api.ts';
import { useResidentText } from './residents-i18n.ts';

/**
 * « Jetons d'accès » in « Mes données »: personal access tokens for the resident's own tools
 * (Home Assistant). A new token is shown once, with the command that reads with it; the list
 * shows each one's expiry, last use and uses over the week, and revokes it at once.
 */
export function ApiTokensSection() {
  const { t } = useResidentText();
  const queryClient = useQueryClient();
  const tokens = useQuery({ queryKey: residentSettingsKeys.apiTokens, queryFn: residentApi.apiTokens, staleTime: 0 });
  const submission = useAccountSubmission();
  const [name, setName] = useState('');
  const [lifetimeDays, setLifetimeDays] = useState<(typeof API_TOKEN_LIFETIMES_DAYS)[number]>(90);
  const [nameError, setNameError] = useState(false);
  const [created, setCreated] = useState<ApiTokenCreated | null>(null);
  const [revokedName, setRevokedName] = useState<string | null>(null);

  async function submit(event: FormEvent) {
    event.preventDefault();
    setNameError(!name.trim());
    if (!name.trim()) return;
    const answer = await submission.run(() => residentApi.createApiToken({ name: name.trim(), lifetimeDays }));
    if (!answer) return;
    setCreated(answer);
    setRevokedName(null);
    setName('');
    await queryClient.invalidateQueries({ queryKey: residentSettingsKeys.apiTokens });
  }

  async function revoke(token: ApiTokenSummary) {
    const done = await submission.run(async () => {
      await residentApi.revokeApiToken(token.id);
      return true;
    });
    if (!done) return;
    setRevokedName(token.name);
    if (created?.id === token.id) setCreated(null);
    await queryClient.invalidateQueries({ queryKey: residentSettingsKeys.apiTokens });
  }

  const origin = typeof window === 'undefined' ? '' : window.location.origin;
  return (
    <section aria-labelledby="tokens-title" className="resident-settings-section">
      <h2 id="tokens-title">{t('tokens.title')}</h2>
      <p>{t('tokens.intro')}</p>
      <p>
        <a href="/api/docs">{t('tokens.docs')}</a>
      </p>
      {created && (
        <div className="resident-token-created" role="status">
          <h3>{t('tokens.createdTitle')}</h3>
          <p>{t('tokens.createdNotice')}</p>
          <p>
            <code className="resident-token-value" data-testid="new-api-token">
              {created.token}
            </code>
          </p>
          <p>{t('tokens.exampleCommand')}</p>
          <pre className="resident-token-command">{`curl -H "Authorization: Bearer ${created.token}" ${origin}/api/resident/consumption/meters`}</pre>
        </div>
      )}
      {revokedName && (
        <p className="account-notice" role="status">
          {t('tokens.revoked', { name: revokedName })}
        </p>
      )}
      <form className="account-form resident-token-form" onSubmit={submit} noValidate>
        <AccountRefusal error={submission.error} />
        <AccountField
          id="token-name"
          label={t('tokens.name')}
          hint={t('tokens.nameHint')}
          value={name}
          maxLength={60}
          onChange={(event) => setName(event.target.value)}
          error={nameError ? t('tokens.nameRequired') : undefined}
        />
        <div className="account-field">
          <label htmlFor="token-lifetime">{t('tokens.lifetime')}</label>
          <select id="token-lifetime" value={lifetimeDays} onChange={(event) => setLifetimeDays(Number(event.target.value) as (typeof API_TOKEN_LIFETIMES_DAYS)[number])}>
            {API_TOKEN_LIFETIMES_DAYS.map((days) => (
              <option key={days} value={days}>
                {t('tokens.days', { count: days })}
              </option>
            ))}
          </select>
        </div>
        <button type="submit" className="button button-primary" disabled={submission.isSubmitting}>
          {t('tokens.create')}
        </button>
      </form>
      <h3 className="resident-token-list-title">{t('tokens.listTitle')}</h3>
      {tokens.data && tokens.data.tokens.length === 0 && <p>{t('tokens.none')}</p>}
      <ul className="resident-token-list">
        {tokens.data?.tokens.map((token) => (
          <TokenItem key={token.id} token={token} onRevoke={() => void revoke(token)} />
        ))}
      </ul>
    </section>
  );
}

function TokenItem({ token, onRevoke }: { token: ApiTokenSummary; onRevoke: () => void }) {
  const { t, language } = useResidentText();
  const weekUses = token.dailyUses.reduce((sum, use) => sum + use.count, 0);
  const today = token.dailyUses.at(-1)?.count ?? 0;
  return (
    <li className="resident-token">
      <p className="resident-token-head">
        <strong>{token.name}</strong> <code>{token.prefix}…</code> <span className={`resident-token-status resident-token-${token.status}`}>{t(`tokens.status_${token.status}`)}</span>
      </p>
      <p>
        {t('tokens.createdOn', { day: formatInstantDate(token.createdAt, language) })} · {t('tokens.expiresOn', { day: formatInstantDate(token.expiresAt, language) })}
      </p>
      <p>
        {token.lastUsedAt ? t('tokens.lastUsed', { moment: new Date(token.lastUsedAt).toLocaleString(language) }) : t('tokens.neverUsed')} ·{' '}
        {t('tokens.usesWeek', { count: weekUses, today })}
      </p>
      {token.status === 'active' && (
        <button type="button" className="button" onClick={onRevoke} aria-label={t('tokens.revokeLabel', { name: token.name })}>
          {t('tokens.revoke')}
        </button>
      )}
    </li>
  );
}

import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useId, useState, type FormEvent } from 'react';
import { Link, useSearchParams } from 'react-router';
import { formatDay } from '../../components/format.ts';
import { Pagination } from '../../components/pagination.tsx';
import { QueryState } from '../../components/query-state.tsx';
import { SearchForm } from '../../components/search-form.tsx';
import { TableRegion } from '../../components/table-region.tsx';
import { useDocumentTitle } from '../../components/use-document-title.ts';
import { ConfirmDialog } from './confirm-dialog.tsx';
import { operatorCommands, operatorQueries, type ResidentAccount } from './operator-api.ts';
import { formatInstantDateTime } from './operator-format.ts';
import { useOperatorText } from './operator-i18n.ts';
import { operatorLinks, SEARCH_PARAM } from './operator-paths.ts';
import { ActionOutcome, useStaffAction } from './staff-action.tsx';

const CLOSED_PARAM = 'fermes';
const PAGE_PARAM = 'page';

/** Resident accounts found by email, dwelling or serial number; close one on move-out, lift a lockout, resend a sign-up code. */
export function ResidentAccountsPage() {
  const { t } = useOperatorText();
  useDocumentTitle(t('accounts.title'));
  const [params, setParams] = useSearchParams();
  const search = (params.get(SEARCH_PARAM) ?? '').trim();
  const includeClosed = params.get(CLOSED_PARAM) === 'oui';
  const page = Math.max(1, Number.parseInt(params.get(PAGE_PARAM) ?? '1', 10) || 1);
  const accounts = useQuery({ ...operatorQueries.residentAccounts(search, includeClosed, page), enabled: search !== '', placeholderData: keepPreviousData });
  const show = (nextSearch: string, nextIncludeClosed: boolean, nextPage: number) => {
    const next = new URLSearchParams();
    if (nextSearch) next.set(SEARCH_PARAM, nextSearch);
    if (nextIncludeClosed) next.set(CLOSED_PARAM, 'oui');
    if (nextPage > 1) next.set(PAGE_PARAM, String(nextPage));
    setParams(next);
  };
  return (
    <>
      <h1>{t('accounts.title')}</h1>
      <SearchForm
        key={search}
        label={t('accounts.searchLabel')}
        hint={t('accounts.searchHint')}
        initialSearch={search}
        onSearch={(value) => show(value, includeClosed, 1)}
      />
      <label className="operator-check">
        <input type="checkbox" checked={includeClosed} onChange={(event) => show(search, event.target.checked, 1)} />
        {t('accounts.includeClosed')}
      </label>
      {search !== '' && (
        <QueryState query={accounts}>
          {(data) =>
            data.total === 0 ? (
              <p role="status">{t('accounts.none', { search })}</p>
            ) : (
              <>
                <AccountTable accounts={data.items} />
                <Pagination
                  label={t('accounts.pagination')}
                  page={data.page}
                  pages={Math.max(1, Math.ceil(data.total / data.pageSize))}
                  onPage={(nextPage) => show(search, includeClosed, nextPage)}
                />
              </>
            )
          }
        </QueryState>
      )}
      <ResendCodePanel />
    </>
  );
}

function AccountTable({ accounts }: { accounts: ResidentAccount[] }) {
  const { t, language } = useOperatorText();
  return (
    <TableRegion label={t('accounts.caption')}>
      <table className="data-table data-table-stacked" aria-label={t('accounts.caption')}>
        <thead>
          <tr>
            <th scope="col">{t('accounts.columns.email')}</th>
            <th scope="col">{t('accounts.columns.name')}</th>
            <th scope="col">{t('accounts.columns.dwelling')}</th>
            <th scope="col">{t('accounts.columns.state')}</th>
            <th scope="col">{t('accounts.columns.actions')}</th>
          </tr>
        </thead>
        <tbody>
          {accounts.map((account) => (
            <tr key={account.id}>
              <th scope="row">{account.email}</th>
              <td data-label={t('accounts.columns.name')}>{`${account.firstName ?? ''} ${account.lastName ?? ''}`.trim() || t('notProvided')}</td>
              <td data-label={t('accounts.columns.dwelling')}>
                <Link to={operatorLinks.dwelling(account.dwelling.id)}>
                  {t('search.dwellingOf', { dwellingCode: account.dwelling.dwellingCode, buildingCode: account.residence.buildingCode })}
                </Link>
              </td>
              <td data-label={t('accounts.columns.state')}>
                {account.closedAt
                  ? t('accounts.closedOn', { date: formatInstantDateTime(account.closedAt, language) })
                  : account.movedOutOn
                    ? t('accounts.movingOut', { date: formatDay(account.movedOutOn, language) })
                    : account.lockedUntil
                    ? t('accounts.lockedUntil', { date: formatInstantDateTime(account.lockedUntil, language) })
                    : t('accounts.active', { date: formatInstantDateTime(account.createdAt, language) })}
              </td>
              <td data-label={t('accounts.columns.actions')}>{!account.closedAt && <AccountActions account={account} />}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </TableRegion>
  );
}

function AccountActions({ account }: { account: ResidentAccount }) {
  const { t } = useOperatorText();
  const dateId = useId();
  const [closing, setClosing] = useState(false);
  const [movedOutOn, setMovedOutOn] = useState('');
  const unlock = useStaffAction(() => operatorCommands.liftLockout(account.id));
  const close = useStaffAction(() => operatorCommands.closeOnMoveOut(account.id, { movedOutOn }));
  return (
    <div className="operator-row-actions">
      {account.lockedUntil && (
        <>
          <button type="button" className="button button-secondary" disabled={unlock.isPending} onClick={() => unlock.mutate(undefined)}>
            {t('accounts.unlock')}
          </button>
          <ActionOutcome action={unlock} doneText={t('accounts.unlocked')} />
        </>
      )}
      <button type="button" className="button button-secondary" onClick={() => setClosing(true)}>
        {t('accounts.close')}
      </button>
      <ActionOutcome action={close} doneText={close.data?.isClosed === false ? t('accounts.closesLater') : t('accounts.closed')} />
      <ConfirmDialog
        open={closing}
        title={t('accounts.closeTitle', { email: account.email })}
        confirmLabel={t('accounts.close')}
        cancelLabel={t('cancel')}
        busy={close.isPending || movedOutOn === ''}
        onConfirm={() => close.mutate(undefined, { onSettled: () => setClosing(false) })}
        onCancel={() => setClosing(false)}
      >
        <p>{t('accounts.closeText')}</p>
        <div className="operator-form">
          <label htmlFor={dateId}>{t('accounts.movedOutOn')}</label>
          <input id={dateId} type="date" required value={movedOutOn} onChange={(event) => setMovedOutOn(event.target.value)} />
        </div>
      </ConfirmDialog>
    </div>
  );
}

/** A person stuck at the code step of the sign-up: a new code to the address they typed. */
function ResendCodePanel() {
  const { t } = useOperatorText();
  const [email, setEmail] = useState('');
  const resend = useStaffAction(() => operatorCommands.resendSignupCode(email.trim()));
  const submit = (event: FormEvent) => {
    event.preventDefault();
    resend.mutate(undefined);
  };
  return (
    <section className="panel" aria-labelledby="resend-code-title">
      <h2 id="resend-code-title">{t('accounts.resendTitle')}</h2>
      <p>{t('accounts.resendText')}</p>
      <form className="operator-form" onSubmit={submit}>
        <label>
          {t('accounts.columns.email')}
          <input required type="email" maxLength={254} autoComplete="off" value={email} onChange={(event) => setEmail(event.target.value)} />
        </label>
        <div>
          <button type="submit" className="button button-primary" disabled={resend.isPending}>
            {t('accounts.resend')}
          </button>
        </div>
      </form>
      <ActionOutcome action={resend} doneText={t('accounts.resent', { count: resend.data?.resent ?? 0 })} />
    </section>
  );
}

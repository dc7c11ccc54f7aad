import { useEffect, useId, useRef, type RefObject } from 'react';
import { Link } from 'react-router';
import { SearchForm } from '../../components/search-form.tsx';
import { TableRegion } from '../../components/table-region.tsx';
import { filterDwellings, type AccountFilter } from './dwelling-filter.ts';
import type { DwellingSummary, ResidenceDetail } from './managers-api.ts';
import { managerLinks } from './manager-paths.ts';
import { useManagerText } from './managers-i18n.ts';
import { DWELLINGS_SHOWN_STEP, useDwellingListState } from './use-dwelling-list-state.ts';

/**
 * The residence's dwellings as a compact list a manager can search and filter: 25 rows, then
 * « Afficher N logements de plus ». The count is announced as it changes; the address keeps it all.
 */
export function DwellingList({ residence }: { residence: ResidenceDetail }) {
  const { t } = useManagerText();
  const state = useDwellingListState();
  const words = { signedUp: t('residence.stateWords.signedUp'), noAccount: t('residence.stateWords.noAccount'), sharing: t('residence.stateWords.sharing') };
  const found = filterDwellings(residence.dwellings, state.search, state.account, words);
  const visible = found.slice(0, state.shown);
  const remaining = found.length - visible.length;
  const isFiltered = state.search !== '' || state.account !== 'all';

  // After « Afficher … de plus », the keyboard goes on from the first row just shown.
  const firstNewRow = useRef<HTMLTableCellElement>(null);
  const previousShown = useRef(state.shown);
  useEffect(() => {
    if (state.shown > previousShown.current) firstNewRow.current?.focus();
    previousShown.current = state.shown;
  }, [state.shown]);

  return (
    <>
      <div className="dwelling-tools">
        <SearchForm key={state.search} label={t('residence.searchLabel')} hint={t('residence.searchHint')} initialSearch={state.search} onSearch={state.setSearch} />
        <AccountFilterField value={state.account} onChange={state.setAccount} />
      </div>
      <p role="status" className="data-count">
        {isFiltered ? t('residence.countOf', { count: found.length, total: residence.dwellings.length }) : t('residence.count', { count: found.length })}
      </p>
      {found.length > 0 && (
        <DwellingTable residence={residence} dwellings={visible} firstNewIndex={previousShown.current < state.shown ? previousShown.current : -1} firstNewRow={firstNewRow} />
      )}
      {found.length === 0 && isFiltered && <p>{t('residence.noMatch')}</p>}
      {remaining > 0 && (
        <p>
          <button type="button" className="button button-secondary" onClick={state.showMore}>
            {t('residence.showMore', { count: Math.min(remaining, DWELLINGS_SHOWN_STEP) })}
          </button>
        </p>
      )}
    </>
  );
}

function AccountFilterField({ value, onChange }: { value: AccountFilter; onChange: (value: AccountFilter) => void }) {
  const { t } = useManagerText();
  const id = useId();
  return (
    <div className="dwelling-filter">
      <label htmlFor={id}>{t('residence.accountFilter')}</label>
      <select id={id} value={value} onChange={(event) => onChange(event.target.value as AccountFilter)}>
        <option value="all">{t('residence.accountFilterAll')}</option>
        <option value="yes">{t('residence.accountFilterYes')}</option>
        <option value="no">{t('residence.accountFilterNo')}</option>
      </select>
    </div>
  );
}

interface DwellingTableProps {
  residence: ResidenceDetail;
  dwellings: DwellingSummary[];
  /** The row that « Afficher … de plus » brought first (-1: none), which takes the focus. */
  firstNewIndex: number;
  firstNewRow: RefObject<HTMLTableCellElement | null>;
}

/** One row per dwelling; on a phone each row folds into a few short lines (managers.css). */
function DwellingTable({ residence, dwellings, firstNewIndex, firstNewRow }: DwellingTableProps) {
  const { t } = useManagerText();
  const caption = t('residence.dwellingsCaption', { buildingCode: residence.buildingCode });
  const yesNo = (value: boolean) => (value ? t('yes') : t('no'));
  return (
    <TableRegion label={caption}>
      <table className="data-table dwelling-table" aria-label={caption}>
        <thead>
          <tr>
            <th scope="col">{t('residence.columns.dwellingCode')}</th>
            <th scope="col">{t('residence.columns.clientNumber')}</th>
            <th scope="col">{t('residence.columns.building')}</th>
            <th scope="col">{t('residence.columns.staircase')}</th>
            <th scope="col">{t('residence.columns.floor')}</th>
            <th scope="col">{t('residence.columns.reference')}</th>
            <th scope="col">{t('residence.columns.account')}</th>
            <th scope="col">{t('residence.columns.dailyData')}</th>
          </tr>
        </thead>
        <tbody>
          {dwellings.map((dwelling, index) => (
            <tr key={dwelling.id}>
              <th scope="row" ref={index === firstNewIndex ? firstNewRow : undefined} tabIndex={index === firstNewIndex ? -1 : undefined}>
                {dwelling.dwellingCode}
              </th>
              <td data-label={t('residence.short.clientNumber')}>{dwelling.clientNumber}</td>
              <td data-label={t('residence.short.building')}>{dwelling.building}</td>
              <td data-label={t('residence.short.staircase')}>{dwelling.staircase}</td>
              <td data-label={t('residence.short.floor')}>{dwelling.floor}</td>
              <td data-label={t('residence.short.reference')}>
                <code>{dwelling.reference}</code>
                {dwelling.hasDeviceWithoutNineDigitSerial && <span className="manager-flag">{t('residence.otherMakeDevice')}</span>}
              </td>
              <td data-label={t('residence.short.account')}>{yesNo(dwelling.hasResidentAccount)}</td>
              <td data-label={t('residence.short.dailyData')}>
                {yesNo(dwelling.sharesDailyData)}
                {dwelling.sharesDailyData && (
                  <Link
                    className="manager-block"
                    to={managerLinks.dwellingDaily(dwelling.id, residence.id)}
                    aria-label={t('residence.viewDailyOf', { dwellingCode: dwelling.dwellingCode })}
                  >
                    {t('residence.viewDaily')}
                  </Link>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </TableRegion>
  );
}

import { useSearchParams } from 'react-router';
import type { AccountFilter } from './dwelling-filter.ts';

export const DWELLINGS_SHOWN_STEP = 25;
const SEARCH_PARAM = 'recherche';
const ACCOUNT_PARAM = 'compte';
const SHOWN_PARAM = 'affiches';
const ACCOUNT_VALUES: Record<string, AccountFilter> = { oui: 'yes', non: 'no' };

/**
 * The residence page's dwelling search, « Compte résident » filter and how many rows are shown,
 * kept in the address: Back from a dwelling's daily view finds the list as it was left.
 * A new search or filter starts again from the first rows; showing more rows replaces the entry.
 */
export function useDwellingListState() {
  const [params, setParams] = useSearchParams();
  const search = params.get(SEARCH_PARAM) ?? '';
  const account: AccountFilter = ACCOUNT_VALUES[params.get(ACCOUNT_PARAM) ?? ''] ?? 'all';
  const shown = Math.max(DWELLINGS_SHOWN_STEP, Number.parseInt(params.get(SHOWN_PARAM) ?? '', 10) || DWELLINGS_SHOWN_STEP);

  const show = (next: { search: string; account: AccountFilter; shown: number }, replace = false) => {
    const query = new URLSearchParams();
    if (next.search) query.set(SEARCH_PARAM, next.search);
    if (next.account !== 'all') query.set(ACCOUNT_PARAM, next.account === 'yes' ? 'oui' : 'non');
    if (next.shown > DWELLINGS_SHOWN_STEP) query.set(SHOWN_PARAM, String(next.shown));
    setParams(query, { replace, preventScrollReset: true });
  };
  return {
    search,
    account,
    shown,
    setSearch: (value: string) => show({ search: value, account, shown: DWELLINGS_SHOWN_STEP }),
    setAccount: (value: AccountFilter) => show({ search, account: value, shown: DWELLINGS_SHOWN_STEP }),
    showMore: () => show({ search, account, shown: shown + DWELLINGS_SHOWN_STEP }, true),
  };
}

import { useSearchParams } from 'react-router';

const PAGE_PARAM = 'page';

/**
 * A list's search and page, kept in the address (so a reload or a shared link shows the same
 * list): `show(search, page)` moves to another search or page; page 1 and an empty search are left out.
 */
export function useSearchAndPage(searchParam: string) {
  const [params, setParams] = useSearchParams();
  const search = params.get(searchParam) ?? '';
  const page = Math.max(1, Number.parseInt(params.get(PAGE_PARAM) ?? '1', 10) || 1);
  const show = (nextSearch: string, nextPage: number) => {
    const next = new URLSearchParams();
    if (nextSearch) next.set(searchParam, nextSearch);
    if (nextPage > 1) next.set(PAGE_PARAM, String(nextPage));
    setParams(next);
  };
  return { search, page, show };
}

import { foldText } from '#shared/fold-text.ts';
import type { DwellingSummary } from './managers-api.ts';

/** « Compte résident »: every dwelling, or only those with (or without) an active resident account. */
export type AccountFilter = 'all' | 'yes' | 'no';

/** The words a manager may type for a dwelling's resident state, in the screen's language. */
export interface StateWords {
  signedUp: string;
  noAccount: string;
  sharing: string;
}

/** Words naming where a dwelling is, each followed by the value it must have (« escalier 02 », « bât. 01 », « étage 3 »). */
const PLACE_WORDS: Record<string, 'building' | 'staircase' | 'floor'> = {
  batiment: 'building',
  bat: 'building',
  building: 'building',
  escalier: 'staircase',
  esc: 'staircase',
  staircase: 'staircase',
  etage: 'floor',
  et: 'floor',
  floor: 'floor',
};

interface ParsedSearch {
  place: Array<{ field: 'building' | 'staircase' | 'floor'; value: string }>;
  terms: string[];
}

/** Splits a search into place conditions (a place word and its value) and free words. */
function parseSearch(search: string): ParsedSearch {
  const words = foldText(search)
    .split(/[\s.,;:]+/)
    .filter(Boolean);
  const parsed: ParsedSearch = { place: [], terms: [] };
  for (let index = 0; index < words.length; index += 1) {
    const field = PLACE_WORDS[words[index]!];
    const value = words[index + 1];
    if (field && value !== undefined) {
      parsed.place.push({ field, value });
      index += 1;
    } else {
      parsed.terms.push(words[index]!);
    }
  }
  return parsed;
}

/** « 3 » and « 03 » name the same floor. */
const samePlace = (actual: string, wanted: string) => foldText(actual) === wanted || (/^\d+$/.test(actual) && /^\d+$/.test(wanted) && Number(actual) === Number(wanted));

/** What a free word can match in one dwelling: its codes and its resident's state. */
function searchableText(dwelling: DwellingSummary, words: StateWords): string {
  return foldText(
    [
      dwelling.dwellingCode,
      dwelling.clientNumber,
      dwelling.clientNumber.replace(/\s+/g, ''),
      dwelling.reference,
      dwelling.hasResidentAccount ? words.signedUp : words.noAccount,
      dwelling.sharesDailyData ? words.sharing : '',
    ].join(' '),
  );
}

/**
 * The dwellings matching the search and the account filter, in their order: a place word and its
 * value (« escalier 02 ») must match that field; every other word must appear in a code or the state.
 */
export function filterDwellings(dwellings: DwellingSummary[], search: string, account: AccountFilter, words: StateWords): DwellingSummary[] {
  const { place, terms } = parseSearch(search);
  return dwellings.filter((dwelling) => {
    if (account !== 'all' && dwelling.hasResidentAccount !== (account === 'yes')) return false;
    if (!place.every(({ field, value }) => samePlace(dwelling[field], value))) return false;
    if (terms.length === 0) return true;
    const text = searchableText(dwelling, words);
    return terms.every((term) => text.includes(term));
  });
}

import { defineFeatureTexts, type FeatureText, type TextPaths } from '../../i18n/feature-texts.ts';
import en from './accounts.en.json';
import fr from './accounts.fr.json';

export type AccountsTextKey = TextPaths<typeof fr>;
export type AccountsText = FeatureText<AccountsTextKey>;

const useAccountsTexts = defineFeatureTexts('accounts', { fr, en });

export function useAccountsText(): AccountsText {
  return useAccountsTexts().t;
}

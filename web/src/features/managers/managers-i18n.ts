import { defineFeatureTexts, type FeatureText, type TextPaths } from '../../i18n/feature-texts.ts';
import en from './managers.en.json';
import fr from './managers.fr.json';

export type ManagerTextKey = TextPaths<typeof fr>;
export type ManagerText = FeatureText<ManagerTextKey>;

export const useManagerText = defineFeatureTexts('managers', { fr, en });

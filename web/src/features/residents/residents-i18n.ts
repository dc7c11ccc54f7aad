import { defineFeatureTexts, type FeatureText, type TextPaths } from '../../i18n/feature-texts.ts';
import en from './residents.en.json';
import fr from './residents.fr.json';

export type ResidentTextKey = TextPaths<typeof fr>;
export type ResidentText = FeatureText<ResidentTextKey>;

export const useResidentText = defineFeatureTexts('residents', { fr, en });

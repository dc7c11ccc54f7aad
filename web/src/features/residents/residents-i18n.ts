import { defineFeatureTexts, type TextPaths } from '../../i18n/feature-texts.ts';
import en from './residents.en.json';
import fr from './residents.fr.json';

export type ResidentTextKey = TextPaths<typeof fr>;

export const useResidentText = defineFeatureTexts('residents', { fr, en });

import { defineFeatureTexts } from '../../i18n/feature-texts.ts';
import en from './costs.en.json';
import fr from './costs.fr.json';

export const useCostsText = defineFeatureTexts('costs', { fr, en });

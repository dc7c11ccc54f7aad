import { defineFeatureTexts } from '../../i18n/feature-texts.ts';
import en from './climate.en.json';
import fr from './climate.fr.json';

export const useClimateText = defineFeatureTexts('climate', { fr, en });

import { defineFeatureTexts } from '../../i18n/feature-texts.ts';
import en from './managers.en.json';
import fr from './managers.fr.json';

export const useManagerText = defineFeatureTexts('managers', { fr, en });

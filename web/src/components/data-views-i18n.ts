import { defineFeatureTexts } from '../i18n/feature-texts.ts';
import en from './data-views.en.json';
import fr from './data-views.fr.json';

/** Texts of the data views shared by the manager space and the back office (loading, refusal, search, pages). */
export const useDataViewsText = defineFeatureTexts('dataViews', { fr, en });

import { defineFeatureTexts, type TextPaths } from '../../i18n/feature-texts.ts';
import en from './operator.en.json';
import fr from './operator.fr.json';

export type OperatorTextKey = TextPaths<typeof fr>;

export const useOperatorText = defineFeatureTexts('operator', { fr, en });

import type { ErrorDefinitions } from '../../http/errors.ts';

/** Degree days and the residences' weather stations. */
export const climateErrors = {
  degree_days_refused: {
    status: 422,
    fr: "Le fichier de degrés-jours est refusé en entier : rien n'a été importé. Corrigez les lignes signalées puis recommencez.",
    en: 'The whole degree-day file is refused: nothing was imported. Correct the lines listed, then try again.',
  },
  weather_station_unknown: {
    status: 422,
    fr: "Cette station météo n'a encore aucun degré-jour importé : importez d'abord son fichier.",
    en: 'This weather station has no degree days imported yet: import its file first.',
  },
  climate_residence_unknown: {
    status: 404,
    fr: 'Résidence introuvable.',
    en: 'Residence not found.',
  },
} as const satisfies ErrorDefinitions;

declare module '../../http/errors.ts' {
  interface ErrorCatalogue {
    climate: typeof climateErrors;
  }
}

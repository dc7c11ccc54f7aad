/** The manager space's addresses, relative to /moncompte; links elsewhere in the space build on them. */
export const managerPaths = {
  residences: 'residences',
  dwellings: 'logements',
  dailyConsumption: 'consommations',
  documents: 'documents',
  kit: 'kit-inscription',
} as const;

const ROOT = '/moncompte';
/** On a dwelling's page, the residence it was opened from (the way back). */
export const RESIDENCE_PARAM = 'residence';

export const managerLinks = {
  residences: () => `${ROOT}/${managerPaths.residences}`,
  residence: (residenceId: string) => `${ROOT}/${managerPaths.residences}/${residenceId}`,
  dwellingDaily: (dwellingId: string, residenceId: string) =>
    `${ROOT}/${managerPaths.dwellings}/${dwellingId}/${managerPaths.dailyConsumption}?${RESIDENCE_PARAM}=${encodeURIComponent(residenceId)}`,
  documents: () => `${ROOT}/${managerPaths.documents}`,
  document: (documentId: string) => `${ROOT}/${managerPaths.documents}/${documentId}`,
  kit: () => `${ROOT}/${managerPaths.kit}`,
};

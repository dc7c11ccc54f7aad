/** The back office's addresses, relative to /back-office; links elsewhere in the space build on them. */
export const operatorPaths = {
  search: 'recherche',
  residences: 'residences',
  dwellings: 'logements',
  assistance: 'assistance',
  residentAccounts: 'comptes-residents',
  dataHealth: 'sante-des-donnees',
  imports: 'imports',
  outbox: 'envois',
  audit: 'journal',
  clients: 'clients',
  staff: 'equipe',
} as const;

const ROOT = '/back-office';
/** The query parameter of every search in the back office. */
export const SEARCH_PARAM = 'q';

const withSearch = (path: string, search?: string) => (search ? `${path}?${SEARCH_PARAM}=${encodeURIComponent(search)}` : path);

// Absolute addresses: a relative one would resolve against the whole URL inside the /back-office/* splat route.
export const operatorLinks = {
  home: () => ROOT,
  search: (search?: string) => withSearch(`${ROOT}/${operatorPaths.search}`, search),
  residences: (search?: string) => withSearch(`${ROOT}/${operatorPaths.residences}`, search),
  residence: (residenceId: string) => `${ROOT}/${operatorPaths.residences}/${residenceId}`,
  dwelling: (dwellingId: string) => `${ROOT}/${operatorPaths.dwellings}/${dwellingId}`,
  assistance: () => `${ROOT}/${operatorPaths.assistance}`,
  assistanceRequest: (requestId: string) => `${ROOT}/${operatorPaths.assistance}/${requestId}`,
  residentAccounts: (search?: string) => withSearch(`${ROOT}/${operatorPaths.residentAccounts}`, search),
  dataHealth: () => `${ROOT}/${operatorPaths.dataHealth}`,
  imports: () => `${ROOT}/${operatorPaths.imports}`,
  outbox: () => `${ROOT}/${operatorPaths.outbox}`,
  audit: () => `${ROOT}/${operatorPaths.audit}`,
  clients: () => `${ROOT}/${operatorPaths.clients}`,
  client: (clientId: string) => `${ROOT}/${operatorPaths.clients}/${clientId}`,
  staff: () => `${ROOT}/${operatorPaths.staff}`,
};

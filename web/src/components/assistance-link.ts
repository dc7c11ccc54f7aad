/** What the portal already knows when someone asks for help, carried to the form in its address. */
export interface AssistanceContext {
  /** Where the form was opened from: 'resident-space', 'resident-alert', 'login'… (letters, '-' and '_'). */
  page?: string;
  /** The dwelling and residence as the resident space shows them. */
  dwelling?: string | undefined;
  residence?: string | undefined;
  /** The residence's 8-digit building code, a field of the form. */
  buildingCode?: string | undefined;
  /** The alert being viewed, in words. */
  alert?: string | undefined;
}

const ASSISTANCE_PATH = '/assistance';

const PARAMETERS = { page: 'depuis', dwelling: 'logement', residence: 'residence', buildingCode: 'code-immeuble', alert: 'alerte' } as const;

/** « /assistance?depuis=…&logement=… »: the form's address with what it can pre-fill. */
export function assistanceLink(context: AssistanceContext = {}): string {
  const query = new URLSearchParams();
  for (const [field, parameter] of Object.entries(PARAMETERS) as [keyof AssistanceContext, string][]) {
    const value = context[field];
    if (value) query.set(parameter, value);
  }
  const search = query.toString();
  return search ? `${ASSISTANCE_PATH}?${search}` : ASSISTANCE_PATH;
}

/** The context back from the form's address; a page name that the API would refuse is dropped. */
export function assistanceContextOf(search: URLSearchParams): AssistanceContext {
  const context: AssistanceContext = {};
  for (const [field, parameter] of Object.entries(PARAMETERS) as [keyof AssistanceContext, string][]) {
    const value = search.get(parameter)?.trim();
    if (value) context[field] = value.slice(0, 300);
  }
  if (context.page && !/^[a-z_-]{1,100}$/.test(context.page)) delete context.page;
  return context;
}

import type { OperatorTextKey } from './operator-i18n.ts';
import { operatorLinks } from './operator-paths.ts';

type StaffRole = 'support' | 'data' | 'admin';

export interface OperatorSection {
  to: string;
  title: OperatorTextKey;
  text: OperatorTextKey;
  /** Who the server lets in (staff-access.ts); the menu shows a section only to them. */
  roles: readonly StaffRole[];
}

const everyone = ['support', 'data', 'admin'] as const;

/** The back office's parts, in the order of the menu and of the home page's cards. */
const operatorSections: OperatorSection[] = [
  { to: operatorLinks.residences(), title: 'navigation.residences', text: 'home.residencesText', roles: everyone },
  { to: operatorLinks.assistance(), title: 'navigation.assistance', text: 'home.assistanceText', roles: ['support', 'admin'] },
  { to: operatorLinks.residentAccounts(), title: 'navigation.residentAccounts', text: 'home.residentAccountsText', roles: ['support', 'admin'] },
  { to: operatorLinks.dataHealth(), title: 'navigation.dataHealth', text: 'home.dataHealthText', roles: everyone },
  { to: operatorLinks.imports(), title: 'navigation.imports', text: 'home.importsText', roles: ['data', 'admin'] },
  { to: operatorLinks.outbox(), title: 'navigation.outbox', text: 'home.outboxText', roles: everyone },
  { to: operatorLinks.clients(), title: 'navigation.clients', text: 'home.clientsText', roles: everyone },
  { to: operatorLinks.audit(), title: 'navigation.audit', text: 'home.auditText', roles: ['admin'] },
  { to: operatorLinks.staff(), title: 'navigation.staff', text: 'home.staffText', roles: ['admin'] },
];

export function sectionsFor(role: StaffRole | null | undefined): OperatorSection[] {
  return operatorSections.filter((section) => role && section.roles.includes(role));
}

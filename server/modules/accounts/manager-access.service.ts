import type { AppContext } from '../../app-context.ts';
import type { ManagerScope } from '../../http/caller.ts';
import { AppError } from '../../http/errors.ts';
import { hasResidenceAccess } from './manager-access.queries.ts';

/** Refuses (403) a residence outside the manager's access; the same answer whether it exists or not. */
export async function assertResidenceAccess(context: Pick<AppContext, 'db'>, manager: ManagerScope, residenceId: string): Promise<void> {
  if (!(await hasResidenceAccess(context.db, manager, residenceId))) throw new AppError('forbidden');
}

import { useQuery } from '@tanstack/react-query';
import type { AssistanceContext } from '../../components/assistance-link.ts';
import { residentQueries, type ResidentDashboard } from './residents-api.ts';
import { useResidentText } from './residents-i18n.ts';

/** The dwelling and residence lines as the home page writes them, for « Contacter l'assistance ». */
export function useDwellingDescription(): (dashboard: ResidentDashboard) => Required<Pick<AssistanceContext, 'dwelling' | 'residence' | 'buildingCode'>> {
  const { t } = useResidentText();
  return (dashboard) => ({
    dwelling: t('dashboard.dwelling', { ...dashboard.dwelling }),
    residence: t('dashboard.residence', { ...dashboard.residence, name: dashboard.residence.name ?? '' }),
    buildingCode: dashboard.residence.buildingCode,
  });
}

/** What the resident space knows for an assistance request: the dwelling and its residence, once loaded. */
export function useResidentAssistanceContext(): AssistanceContext {
  const describe = useDwellingDescription();
  const dashboard = useQuery(residentQueries.dashboard());
  return dashboard.data ? describe(dashboard.data) : {};
}

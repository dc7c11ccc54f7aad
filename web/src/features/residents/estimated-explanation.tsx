import type { FluidDashboard } from './residents-api.ts';
import { useResidentText } from './residents-i18n.ts';

/**
 * Why values are estimated, under the charts: the general note, and the note on a spike left out
 * when one of the fluids' months or recent days replaces one.
 */
export function EstimatedExplanation({ fluids }: { fluids: readonly FluidDashboard[] }) {
  const { t } = useResidentText();
  const periods = fluids.flatMap((fluid) => [...fluid.months, ...fluid.recentDays.days]);
  const hasEstimates =
    periods.some((period) => period.isEstimated) ||
    fluids.some((fluid) => fluid.currentMonth?.isEstimated || fluid.lastMonth?.isEstimated || fluid.year?.isEstimated);
  if (!hasEstimates) return null;
  return (
    <>
      <p className="resident-hint">{t('estimatedExplanation')}</p>
      {periods.some((period) => period.estimateReason === 'spike') && <p className="resident-hint">{t('estimatedSpikeExplanation')}</p>}
    </>
  );
}

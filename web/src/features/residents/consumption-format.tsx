import { formatQuantity } from '../../components/format.ts';
import type { Fluid, Unit } from './residents-api.ts';
import { useResidentText } from './residents-i18n.ts';

/** A quantity in its unit, « 3,412 m³ », with « (estimée) » in words when it is. */
export function Quantity({ value, unit, isEstimated = false }: { value: number; unit: Unit; isEstimated?: boolean }) {
  const { t, language } = useResidentText();
  return (
    <>
      {t('quantity', { value: formatQuantity(value, language), unit: t(`units.${unit}`) })}
      {isEstimated && <span className="resident-estimated"> {t('estimatedMark')}</span>}
    </>
  );
}

/** The same, as plain text (chart summaries, sentences). */
export function useQuantityText(): (value: number, unit: Unit) => string {
  const { t, language } = useResidentText();
  return (value, unit) => t('quantity', { value: formatQuantity(value, language), unit: t(`units.${unit}`) });
}

/** The pictogram (and CSS colour class suffix) of each fluid. */
export const FLUID_ICON: Record<Fluid, 'hot-water' | 'cold-water' | 'heating'> = { hot_water: 'hot-water', cold_water: 'cold-water', heating: 'heating' };

import { formatQuantity, type QuantityUnit } from '../../components/format.ts';
import type { Fluid } from './residents-api.ts';
import { useResidentText } from './residents-i18n.ts';

/** The units the resident space writes out. */
type DisplayUnit = Exclude<QuantityUnit, 'litresPerHour'>;

/** A quantity in its unit, « 3,412 m³ », with « (estimée) » in words when it is. */
export function Quantity({ value, unit, isEstimated = false }: { value: number; unit: DisplayUnit; isEstimated?: boolean }) {
  const { t, language } = useResidentText();
  return (
    <>
      {t('quantity', { value: formatQuantity(value, unit, language), unit: t(`units.${unit}`) })}
      {isEstimated && <span className="resident-estimated"> {t('estimatedMark')}</span>}
    </>
  );
}

/** The same, as plain text (chart summaries, sentences). */
export function useQuantityText(): (value: number, unit: DisplayUnit) => string {
  const { t, language } = useResidentText();
  return (value, unit) => t('quantity', { value: formatQuantity(value, unit, language), unit: t(`units.${unit}`) });
}

/** The pictogram (and CSS colour class suffix) of each fluid. */
export const FLUID_ICON: Record<Fluid, 'hot-water' | 'cold-water' | 'heating'> = { hot_water: 'hot-water', cold_water: 'cold-water', heating: 'heating' };

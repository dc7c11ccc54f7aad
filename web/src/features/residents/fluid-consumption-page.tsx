import { useQuery } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { Link, useParams, useSearchParams } from 'react-router';
import { BarChart } from '../../components/bar-chart.tsx';
import { dailyUnitOf, formatDay, formatHour, formatMonth, formatQuantity } from '../../components/format.ts';
import { QueryState } from '../../components/query-state.tsx';
import { useDocumentTitle } from '../../components/use-document-title.ts';
import { MonthComparison } from './consumption-comparison.tsx';
import { FluidSummary, previousMonth } from './consumption-dashboard-page.tsx';
import { FLUID_ICON, useQuantityText } from './consumption-format.tsx';
import { fluidOfSlug, residentLinks } from './resident-paths.ts';
import { residentQueries, type FluidDashboard, type ResidentDashboard } from './residents-api.ts';
import { EstimatedExplanation } from './estimated-explanation.tsx';
import { HeatingClimateSection } from '../climate/heating-climate.tsx';
import { FluidYearCosts, useMonthlyCostFigures } from '../costs/fluid-chart-costs.tsx';
import { useResidentText } from './residents-i18n.ts';

/** The longest daily range the API gives (server: MAXIMUM_DAILY_RANGE_DAYS). */
const MAXIMUM_RANGE_DAYS = 400;
const RANGE_FROM = 'du';
const RANGE_TO = 'au';

/** One fluid: its figures, the monthly history with comparisons, any range of days, and hours where the meter sends them. */
export function FluidConsumptionPage() {
  const { t } = useResidentText();
  const fluid = fluidOfSlug(useParams().fluid);
  useDocumentTitle(fluid ? t(`fluids.${fluid}`) : t('dashboard.title'));
  const dashboard = useQuery(residentQueries.dashboard());
  return (
    <>
      <p>
        <Link to={residentLinks.home()}>{t('fluid.back')}</Link>
      </p>
      <QueryState query={dashboard}>
        {(data) => {
          const entry = data.fluids.find((candidate) => candidate.fluid === fluid);
          return entry ? (
            <FluidContent dashboard={data} fluid={entry} />
          ) : (
            <>
              <h1>{t('dashboard.title')}</h1>
              <p role="status">{t('fluid.notFound')}</p>
            </>
          );
        }}
      </QueryState>
    </>
  );
}

function FluidContent({ dashboard, fluid }: { dashboard: ResidentDashboard; fluid: FluidDashboard }) {
  const { t, language } = useResidentText();
  const lastMonth = fluid.months.find((month) => month.month === previousMonth(dashboard.today)) ?? null;
  return (
    <div className={`resident-fluid-page fluid-${FLUID_ICON[fluid.fluid]}`}>
      <FluidSummary fluid={fluid} today={dashboard.today} headingLevel={1} />
      <MonthlySection fluid={fluid} historyStartsOn={dashboard.historyStartsOn} today={dashboard.today} />
      <MonthComparison fluid={fluid} entry={lastMonth} headingLevel={2} />
      {fluid.fluid === 'heating' && <HeatingClimateSection month={previousMonth(dashboard.today)} />}
      <DailySection fluid={fluid} today={dashboard.today} historyStartsOn={dashboard.historyStartsOn} />
      {fluid.hasHourlyData && <HourlySection fluid={fluid} today={dashboard.today} historyStartsOn={dashboard.historyStartsOn} />}
      <EstimatedExplanation fluids={[fluid]} />
      <p className="resident-hint">{t('dashboard.historyStartsOn', { day: formatDay(dashboard.historyStartsOn, language) })}</p>
    </div>
  );
}

/** The monthly history, each month's estimated € and kg CO₂e beside its volume, then the years'. */
function MonthlySection({ fluid, historyStartsOn, today }: { fluid: FluidDashboard; historyStartsOn: string; today: string }) {
  const { t, language } = useResidentText();
  const unit = t(`units.${fluid.unit}`);
  const fluidLabel = t(`fluids.${fluid.fluid}`);
  const { months } = fluid;
  const costs = useMonthlyCostFigures(fluid.fluid, fluid.unit, months.map((month) => month.month));
  return (
    <section aria-labelledby="monthly-title">
      <h2 id="monthly-title">{t('fluid.monthlyTitle')}</h2>
      {months.length === 0 ? (
        <p>{t('fluid.noMonths')}</p>
      ) : (
        <BarChart
          bars={months.map((month) => ({
            key: month.month,
            label: formatMonth(month.month, language),
            tick: formatMonth(month.month, language, 'numeric'),
            value: month.consumption,
            isEstimated: month.isEstimated,
            estimateReason: month.estimateReason,
            note: month.isPartial ? t('partialNote', { day: formatDay(historyStartsOn, language) }) : undefined,
          }))}
          comparisons={[
            { kind: 'previousYear', name: t('fluid.sameMonthLastYear'), values: months.map((month) => month.sameMonthLastYear) },
            { kind: 'average', name: t('fluid.residenceAverage'), values: months.map((month) => month.residenceAverage) },
          ]}
          figures={costs.figures}
          summary={costs.notice}
          chartLabel={t('fluid.monthlyChartLabel', {
            fluid: fluidLabel,
            from: formatMonth(months[0]!.month, language),
            to: formatMonth(months.at(-1)!.month, language),
            unit,
          })}
          caption={t('fluid.monthlyCaption', { fluid: fluidLabel, unit })}
          categoryHeader={t('fluid.month')}
          valueHeader={t('fluid.consumption', { unit })}
          unit={unit}
          tone={fluid.fluid}
          formatValue={(value) => formatQuantity(value, fluid.unit, language)}
          table="toggle"
        />
      )}
      <FluidYearCosts fluid={fluid.fluid} unit={fluid.unit} today={today} />
    </section>
  );
}

function addDays(day: string, days: number): string {
  return new Date(Date.parse(`${day}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
}

function DailySection({ fluid, today, historyStartsOn }: { fluid: FluidDashboard; today: string; historyStartsOn: string }) {
  const { t, language } = useResidentText();
  const quantity = useQuantityText();
  const [searchParams, setSearchParams] = useSearchParams();
  const from = searchParams.get(RANGE_FROM) ?? undefined;
  const to = searchParams.get(RANGE_TO) ?? undefined;
  const [draftFrom, setDraftFrom] = useState(from ?? addDays(today, -29));
  const [draftTo, setDraftTo] = useState(to ?? today);
  const [rangeError, setRangeError] = useState(false);
  // The default range (the last 30 days) came with the dashboard: no second call for it.
  const isDefaultRange = from === undefined && to === undefined;
  const daily = useQuery({
    ...residentQueries.daily(fluid.fluid, { from, to }),
    initialData: isDefaultRange ? { fluid: fluid.fluid, unit: fluid.unit, ...fluid.recentDays } : undefined,
  });
  const shown = dailyUnitOf(fluid.unit);
  const unit = t(`units.${shown.unit}`);
  const fluidLabel = t(`fluids.${fluid.fluid}`);

  function showRange(event: FormEvent) {
    event.preventDefault();
    const isValid = /^\d{4}-\d\d-\d\d$/.test(draftFrom) && /^\d{4}-\d\d-\d\d$/.test(draftTo) && draftFrom <= draftTo && addDays(draftFrom, MAXIMUM_RANGE_DAYS) > draftTo;
    setRangeError(!isValid);
    if (isValid) setSearchParams({ [RANGE_FROM]: draftFrom, [RANGE_TO]: draftTo }, { replace: true, preventScrollReset: true });
  }

  function showLast30Days() {
    setRangeError(false);
    setDraftFrom(addDays(today, -29));
    setDraftTo(today);
    setSearchParams({}, { replace: true, preventScrollReset: true });
  }

  return (
    <section aria-labelledby="daily-title">
      <h2 id="daily-title">{t('fluid.dailyTitle')}</h2>
      <form className="resident-range" onSubmit={showRange} noValidate>
        <fieldset>
          <legend>{t('fluid.rangeLegend')}</legend>
          <div className="resident-range-fields">
            <label>
              {t('fluid.from')}
              <input type="date" value={draftFrom} min={historyStartsOn} max={today} onChange={(event) => setDraftFrom(event.target.value)} aria-invalid={rangeError} aria-describedby={rangeError ? 'range-error' : undefined} />
            </label>
            <label>
              {t('fluid.to')}
              <input type="date" value={draftTo} min={historyStartsOn} max={today} onChange={(event) => setDraftTo(event.target.value)} aria-invalid={rangeError} aria-describedby={rangeError ? 'range-error' : undefined} />
            </label>
          </div>
          {rangeError && (
            <p id="range-error" className="resident-field-error" role="alert">
              {t('fluid.rangeInvalid')}
            </p>
          )}
          <div className="resident-range-actions">
            <button type="submit" className="button button-primary">
              {t('fluid.show')}
            </button>
            <button type="button" className="button button-secondary" onClick={showLast30Days}>
              {t('fluid.last30Days')}
            </button>
          </div>
        </fieldset>
      </form>
      <QueryState query={daily}>
        {(data) => {
          const total = data.days.reduce((sum, day) => sum + day.consumption, 0) * shown.factor;
          const period = { from: formatDay(data.from, language), to: formatDay(data.to, language) };
          return (
            <>
              {from !== undefined && from < data.from && <p className="resident-hint">{t('fluid.clampedToHistory', { day: formatDay(historyStartsOn, language) })}</p>}
              {data.days.length === 0 ? (
                <p role="status">{t('fluid.noDays')}</p>
              ) : (
                <BarChart
                  bars={data.days.map((day) => ({
                    key: day.day,
                    label: formatDay(day.day, language, 'long'),
                    tick: formatDay(day.day, language).slice(0, 5),
                    value: day.consumption * shown.factor,
                    isEstimated: day.isEstimated,
                    estimateReason: day.estimateReason,
                    note: day.isPartial ? t('partialDayNote') : undefined,
                  }))}
                  chartLabel={t('fluid.dailyChartLabel', { fluid: fluidLabel, ...period, unit })}
                  caption={t('fluid.dailyCaption', { fluid: fluidLabel, ...period, unit })}
                  categoryHeader={t('fluid.day')}
                  valueHeader={t('fluid.consumption', { unit })}
                  unit={unit}
                  tone={fluid.fluid}
                  formatValue={(value) => formatQuantity(value, shown.unit, language)}
                  summary={t('fluid.dailyTotal', { ...period, total: quantity(total, shown.unit) })}
                  table="toggle"
                />
              )}
            </>
          );
        }}
      </QueryState>
    </section>
  );
}

function HourlySection({ fluid, today, historyStartsOn }: { fluid: FluidDashboard; today: string; historyStartsOn: string }) {
  const { t, language } = useResidentText();
  const lastDay = fluid.dataUntil ?? today;
  const [day, setDay] = useState(lastDay);
  const [hasChosen, setChosen] = useState(false);
  const isDay = /^\d{4}-\d\d-\d\d$/.test(day);
  const hourly = useQuery({ ...residentQueries.hourly(fluid.fluid, day), enabled: isDay });
  // The last day with data often ends with its daily index, before its hours: open on the day before, a whole day.
  if (!hasChosen && day === lastDay && hourly.data?.day === day && hourly.data.hours.length === 0 && addDays(day, -1) >= historyStartsOn) {
    setDay(addDays(day, -1));
  }
  const shown = dailyUnitOf(fluid.unit);
  const unit = t(`units.${shown.unit}`);
  const fluidLabel = t(`fluids.${fluid.fluid}`);
  const dayText = isDay ? formatDay(day, language) : '';
  return (
    <section aria-labelledby="hourly-title">
      <h2 id="hourly-title">{t('fluid.hourlyTitle')}</h2>
      <p>{t('fluid.hourlyIntro')}</p>
      <div className="resident-range-fields">
        <label>
          {t('fluid.hourlyDay')}
          <input
            type="date"
            value={day}
            min={historyStartsOn}
            max={today}
            onChange={(event) => {
              setChosen(true);
              setDay(event.target.value);
            }}
          />
        </label>
      </div>
      {isDay && (
        <QueryState query={hourly}>
          {(data) =>
            data.hours.length === 0 ? (
              <p role="status">{t('fluid.noHours')}</p>
            ) : (
              <BarChart
                bars={data.hours.map((hour) => ({
                  key: hour.startsAt,
                  label: formatHour(hour.startsAt, language),
                  tick: formatHour(hour.startsAt, language),
                  value: hour.consumption * shown.factor,
                  isEstimated: hour.isEstimated,
                }))}
                chartLabel={t('fluid.hourlyChartLabel', { fluid: fluidLabel, day: dayText, unit })}
                caption={t('fluid.hourlyCaption', { fluid: fluidLabel, day: dayText, unit })}
                categoryHeader={t('fluid.hour')}
                valueHeader={t('fluid.consumption', { unit })}
                unit={unit}
                tone={fluid.fluid}
                formatValue={(value) => formatQuantity(value, shown.unit, language)}
                table="toggle"
              />
            )
          }
        </QueryState>
      )}
    </section>
  );
}

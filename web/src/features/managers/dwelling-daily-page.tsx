import { useQuery } from '@tanstack/react-query';
import { useId, useState, type FormEvent } from 'react';
import { Link, useParams, useSearchParams } from 'react-router';
import { BarChart } from '../../components/bar-chart.tsx';
import { useDocumentTitle } from '../../components/use-document-title.ts';
import { managerApiPaths, managerQueries, type ConsentedDaily, type DailyRange } from './managers-api.ts';
import { dailyUnitOf, formatDay, formatQuantity } from '../../components/format.ts';
import { managerLinks, RESIDENCE_PARAM } from './manager-paths.ts';
import { QueryState } from '../../components/query-state.tsx';
import { useManagerText } from './managers-i18n.ts';

/** A dwelling's daily consumption, only where its resident allowed their manager to see it. */
export function DwellingDailyPage() {
  const { t } = useManagerText();
  useDocumentTitle(t('daily.title'));
  const { dwellingId = '' } = useParams();
  const [searchParams] = useSearchParams();
  const residenceId = searchParams.get(RESIDENCE_PARAM);
  const range: DailyRange = { from: searchParams.get('from') ?? undefined, to: searchParams.get('to') ?? undefined };
  // Consent is read afresh on every visit: a withdrawal must hide the data at once.
  const daily = useQuery({ ...managerQueries.daily(dwellingId, range), staleTime: 0, gcTime: 0, retry: false });
  const renderRefusal = (code: string) =>
    code === 'daily_data_not_shared' ? (
      <p className="note" role="status">
        {t('daily.notShared')}
      </p>
    ) : null;
  return (
    <>
      <p>
        {residenceId ? <Link to={managerLinks.residence(residenceId)}>{t('daily.back')}</Link> : <Link to={managerLinks.residences()}>{t('residence.back')}</Link>}
      </p>
      <h1>{t('daily.title')}</h1>
      <QueryState query={daily} renderRefusal={renderRefusal}>
        {(data) => <DailyContent daily={data} />}
      </QueryState>
    </>
  );
}

/** The range of days shown, kept in the page's address so that it can be bookmarked and shared. */
function DailyRangeForm({ from, to }: { from: string; to: string }) {
  const { t } = useManagerText();
  const [searchParams, setSearchParams] = useSearchParams();
  const [range, setRange] = useState({ from, to });
  const formId = useId();
  const submit = (event: FormEvent) => {
    event.preventDefault();
    const next = new URLSearchParams(searchParams);
    next.set('from', range.from);
    next.set('to', range.to);
    setSearchParams(next);
  };
  return (
    <form className="manager-range" onSubmit={submit} aria-label={t('daily.rangeLabel')}>
      <div>
        <label htmlFor={`${formId}-from`}>{t('daily.rangeFrom')}</label>
        <input id={`${formId}-from`} type="date" required max={range.to} value={range.from} onChange={(event) => setRange({ ...range, from: event.target.value })} />
      </div>
      <div>
        <label htmlFor={`${formId}-to`}>{t('daily.rangeTo')}</label>
        <input id={`${formId}-to`} type="date" required min={range.from} value={range.to} onChange={(event) => setRange({ ...range, to: event.target.value })} />
      </div>
      <button type="submit" className="button button-secondary">
        {t('daily.rangeShow')}
      </button>
    </form>
  );
}

function DailyContent({ daily }: { daily: ConsentedDaily }) {
  const { t, language } = useManagerText();
  const { dwelling } = daily;
  const hasData = daily.fluids.some((series) => series.days.length > 0);
  return (
    <>
      <p>{t('daily.dwelling', { ...dwelling })}</p>
      <p>{t('daily.period', { from: formatDay(daily.from, language), to: formatDay(daily.to, language) })}</p>
      <DailyRangeForm key={`${daily.from}:${daily.to}`} from={daily.from} to={daily.to} />
      {hasData ? (
        <>
          <p>
            <a className="button button-secondary" href={managerApiPaths.dailyCsv(dwelling.id, { from: daily.from, to: daily.to })} download>
              {t('daily.download')}
            </a>
          </p>
          {daily.fluids
            .filter((series) => series.days.length > 0)
            .map((series) => {
              const fluidLabel = t(`daily.fluids.${series.fluid}`);
              const shown = dailyUnitOf(series.days[0]!.unit);
              const unit = t(`daily.units.${shown.unit}`);
              const total = series.days.reduce((sum, day) => sum + day.consumption, 0) * shown.factor;
              return (
                <section key={series.fluid} className="manager-daily" aria-labelledby={`daily-${series.fluid}`}>
                  <h2 id={`daily-${series.fluid}`}>{fluidLabel}</h2>
                  <BarChart
                    bars={series.days.map((day) => ({
                      key: day.day,
                      label: formatDay(day.day, language, 'long'),
                      tick: formatDay(day.day, language).slice(0, 5),
                      value: day.consumption * shown.factor,
                      isEstimated: day.isEstimated,
                      estimateReason: day.estimateReason,
                    }))}
                    chartLabel={t('daily.chartLabel', { fluid: fluidLabel, from: formatDay(daily.from, language), to: formatDay(daily.to, language), unit })}
                    caption={t('daily.tableCaption', { fluid: fluidLabel, unit })}
                    categoryHeader={t('daily.day')}
                    valueHeader={t('daily.consumption', { unit })}
                    unit={unit}
                    tone={series.fluid}
                    formatValue={(value) => formatQuantity(value, shown.unit, language)}
                    summary={t('daily.total', { total: formatQuantity(total, shown.unit, language), unit })}
                  />
                </section>
              );
            })}
        </>
      ) : (
        <p role="status">{t('daily.noData')}</p>
      )}
    </>
  );
}

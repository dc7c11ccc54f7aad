import { useQuery } from '@tanstack/react-query';
import { Link } from 'react-router';
import { FluidIcon } from '../../components/fluid-icon.tsx';
import { formatDay, formatMonth } from '../../components/format.ts';
import { QueryState } from '../../components/query-state.tsx';
import { useDocumentTitle } from '../../components/use-document-title.ts';
import { FLUID_ICON, Quantity } from './consumption-format.tsx';
import { residentLinks } from './resident-paths.ts';
import { useDwellingDescription } from './resident-assistance.ts';
import { RunningAlerts } from './running-alerts.tsx';
import { residentQueries, type FluidDashboard, type ResidentDashboard } from './residents-api.ts';
import { ResidentCostsPanel } from '../costs/resident-costs-panel.tsx';
import { EstimatedExplanation } from './estimated-explanation.tsx';
import { useResidentText } from './residents-i18n.ts';

/** The resident's home: for each fluid, this month so far, last month with its comparisons, the year. */
export function ConsumptionDashboardPage() {
  const { t } = useResidentText();
  useDocumentTitle(t('dashboard.title'));
  const dashboard = useQuery(residentQueries.dashboard());
  const describe = useDwellingDescription();
  return (
    <>
      <h1>{t('dashboard.title')}</h1>
      {dashboard.data && <RunningAlerts assistance={describe(dashboard.data)} />}
      <p className="lead">{t('dashboard.intro')}</p>
      <QueryState query={dashboard}>{(data) => <DashboardContent dashboard={data} />}</QueryState>
    </>
  );
}

function DashboardContent({ dashboard }: { dashboard: ResidentDashboard }) {
  const { t, language } = useResidentText();
  return (
    <>
      <DwellingLines dashboard={dashboard} />
      {dashboard.fluids.length === 0 ? (
        <p role="status">{t('dashboard.noFluid')}</p>
      ) : (
        <ul className="resident-fluid-cards">
          {dashboard.fluids.map((fluid) => (
            <li key={fluid.fluid} className={`resident-fluid-card fluid-${FLUID_ICON[fluid.fluid]}`}>
              <FluidSummary fluid={fluid} today={dashboard.today} headingLevel={2} />
              <p>
                <Link to={residentLinks.fluid(fluid.fluid)} className="button button-secondary">
                  {t('dashboard.details', { fluid: t(`fluidsLower.${fluid.fluid}`) })}
                </Link>
              </p>
            </li>
          ))}
        </ul>
      )}
      <ResidentCostsPanel today={dashboard.today} />
      <EstimatedExplanation fluids={dashboard.fluids} />
      <p>
        <Link to={residentLinks.monthlyInformation()}>{t('dashboard.monthlyInformationLink')}</Link>
      </p>
      <p className="resident-hint">{t('dashboard.historyStartsOn', { day: formatDay(dashboard.historyStartsOn, language) })}</p>
    </>
  );
}

export function DwellingLines({ dashboard }: { dashboard: ResidentDashboard }) {
  const { t } = useResidentText();
  return (
    <p className="resident-dwelling">
      {t('dashboard.residence', { ...dashboard.residence, name: dashboard.residence.name ?? '' })}
      <br />
      {t('dashboard.dwelling', { ...dashboard.dwelling })}
    </p>
  );
}

/** One fluid's figures: the date data runs to, this month so far, last month with its two comparisons, the year. */
export function FluidSummary({ fluid, today, headingLevel }: { fluid: FluidDashboard; today: string; headingLevel: 1 | 2 }) {
  const { t, language } = useResidentText();
  const Heading = headingLevel === 1 ? 'h1' : 'h2';
  const none = <span className="resident-muted">{t('dashboard.none')}</span>;
  return (
    <>
      <Heading className="resident-fluid-heading">
        <FluidIcon fluid={FLUID_ICON[fluid.fluid]} />
        {t(`fluids.${fluid.fluid}`)}
      </Heading>
      <p className="resident-data-until">
        {fluid.dataUntil ? t('dashboard.dataUntil', { day: formatDay(fluid.dataUntil, language) }) : t('dashboard.noDataYet')}
      </p>
      <dl className="resident-figures">
        <div>
          <dt>
            {t('dashboard.currentMonth', {
              from: formatDay(fluid.currentMonth?.from ?? `${today.slice(0, 7)}-01`, language),
              to: formatDay(fluid.currentMonth?.to ?? today, language),
            })}
          </dt>
          <dd>{fluid.currentMonth ? <Quantity value={fluid.currentMonth.consumption} unit={fluid.unit} isEstimated={fluid.currentMonth.isEstimated} /> : none}</dd>
        </div>
        <div>
          <dt>{t('dashboard.lastMonth', { month: formatMonth(previousMonth(today), language) })}</dt>
          <dd>
            {fluid.lastMonth?.consumption != null ? <Quantity value={fluid.lastMonth.consumption} unit={fluid.unit} isEstimated={fluid.lastMonth.isEstimated} /> : none}
            {fluid.lastMonth?.sameMonthLastYear != null && (
              <span className="resident-comparison-line">
                {t('dashboard.sameMonthLastYear')}{' '}
                <Quantity value={fluid.lastMonth.sameMonthLastYear} unit={fluid.unit} />
              </span>
            )}
            {fluid.lastMonth?.residenceAverage != null && (
              <span className="resident-comparison-line">
                {t('dashboard.residenceAverage')}{' '}
                <Quantity value={fluid.lastMonth.residenceAverage} unit={fluid.unit} />
              </span>
            )}
          </dd>
        </div>
        <div>
          <dt>{t('dashboard.year', { year: today.slice(0, 4) })}</dt>
          <dd>{fluid.year ? <Quantity value={fluid.year.consumption} unit={fluid.unit} isEstimated={fluid.year.isEstimated} /> : none}</dd>
        </div>
      </dl>
    </>
  );
}

/** 'YYYY-MM-DD' → the month before, 'YYYY-MM'. */
export function previousMonth(day: string): string {
  const [year, month] = day.split('-').map(Number) as [number, number];
  return new Date(Date.UTC(year, month - 2, 1)).toISOString().slice(0, 7);
}

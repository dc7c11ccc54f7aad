import { useQuery } from '@tanstack/react-query';
import { Link } from 'react-router';
import { FluidIcon } from '../../components/fluid-icon.tsx';
import { formatInstantDate, formatLitres, formatMonth, formatQuantity } from '../../components/format.ts';
import { QueryState } from '../../components/query-state.tsx';
import { useDocumentTitle } from '../../components/use-document-title.ts';
import { alertsQuery, useAlertsText, type AlertsTextKey, type ResidentAlert } from './alerts-data.ts';
import { assistanceLink } from '../../components/assistance-link.ts';
import { FLUID_ICON } from './consumption-format.tsx';
import { useResidentAssistanceContext } from './resident-assistance.ts';
import { residentLinks } from './resident-paths.ts';
import './alerts.css';

/** « Alertes »: the dwelling's current leak and over-consumption alerts, then their history. */
export function AlertsPage() {
  const { t } = useAlertsText();
  useDocumentTitle(t('title'));
  const alerts = useQuery(alertsQuery());
  return (
    <>
      <h1>{t('title')}</h1>
      <p className="lead">
        {t('intro')} <Link to={residentLinks.options()}>{t('optionsLink')}</Link>
      </p>
      <QueryState query={alerts}>
        {(data) => (
          <>
            <AlertList titleId="alerts-current" title={t('currentTitle')} empty={t('noCurrent')} alerts={data.current} />
            <AlertList titleId="alerts-history" title={t('historyTitle')} empty={t('noHistory')} alerts={data.history} />
          </>
        )}
      </QueryState>
    </>
  );
}

function AlertList({ titleId, title, empty, alerts }: { titleId: string; title: string; empty: string; alerts: ResidentAlert[] }) {
  return (
    <section aria-labelledby={titleId} className="alerts-section">
      <h2 id={titleId}>{title}</h2>
      {alerts.length === 0 ? (
        <p>{empty}</p>
      ) : (
        <ul className="alerts-list">
          {alerts.map((alert) => (
            <li key={alert.id}>
              <AlertCard alert={alert} />
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

function AlertCard({ alert }: { alert: ResidentAlert }) {
  const { t, language } = useAlertsText();
  const isCurrent = alert.closedAt === null;
  const assistance = useResidentAssistanceContext();
  const quantity = (value: number, unit: ResidentAlert['months'][number]['unit']) =>
    `${formatQuantity(value, unit, language)} ${t(`units.${unit}` as AlertsTextKey)}`;
  return (
    <article className={`alerts-card fluid-${FLUID_ICON[alert.fluid]}${isCurrent ? ' alerts-card-current' : ''}`} aria-labelledby={`alert-${alert.id}`}>
      <h3 id={`alert-${alert.id}`} className="alerts-card-title">
        <FluidIcon fluid={FLUID_ICON[alert.fluid]} />
        <span>
          {t(`kind.${alert.kind}`)} — {t(`fluid.${alert.fluid}`)}
        </span>
        <span className="alerts-status">{t(isCurrent ? 'status.current' : 'status.closed')}</span>
      </h3>
      <p>
        {isCurrent
          ? t('since', { date: formatInstantDate(alert.startedAt, language), lastSeen: formatInstantDate(alert.lastSeenAt, language) })
          : t('period', { from: formatInstantDate(alert.startedAt, language), to: formatInstantDate(alert.lastSeenAt, language) })}
      </p>
      <p>{t(`source.${alert.source}`)}</p>
      {alert.minimumFlowLitresPerHour !== null && alert.volumeLitres !== null && (
        <p>{t('flow', { flow: formatQuantity(alert.minimumFlowLitresPerHour, 'litresPerHour', language), volume: formatLitres(alert.volumeLitres, language) })}</p>
      )}
      {alert.months.length > 0 && (
        <ul>
          {alert.months.map((month) => (
            <li key={month.month}>
              {t('monthLine', {
                month: formatMonth(month.month, language),
                consumption: quantity(month.consumption, month.unit),
                reference: quantity(month.reference, month.unit),
                basis: t(`basis.${month.basis}`),
              })}
            </li>
          ))}
        </ul>
      )}
      {isCurrent && alert.kind === 'leak' && <p className="alerts-advice">{t('leakAdvice')}</p>}
      <p>
        <Link to={assistanceLink({ page: 'resident-alert', ...assistance, alert: t('running.assistanceSummary', { kind: t(`kind.${alert.kind}`), fluid: t(`fluid.${alert.fluid}`), date: formatInstantDate(alert.startedAt, language) }) })}>
          {t('contactSupport')}
        </Link>
      </p>
    </article>
  );
}

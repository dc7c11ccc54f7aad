import { useQuery } from '@tanstack/react-query';
import { Link } from 'react-router';
import { FluidIcon } from '../../components/fluid-icon.tsx';
import { formatInstantDate, formatLitres } from '../../components/format.ts';
import { assistanceLink, type AssistanceContext } from '../../components/assistance-link.ts';
import { alertsQuery, useAlertsText, type ResidentAlert } from './alerts-data.ts';
import { FLUID_ICON } from './consumption-format.tsx';
import { residentLinks } from './resident-paths.ts';
import './alerts.css';

/** The count badge of « Alertes » in the menu: how many alerts run now, and those words for screen readers. */
export function useRunningAlertsBadge(): { count: number; spoken: string } | undefined {
  const { t } = useAlertsText();
  const alerts = useQuery(alertsQuery());
  const count = alerts.data?.current.length ?? 0;
  return count > 0 ? { count, spoken: t('badge', { count }) } : undefined;
}

/**
 * The home page's first block while a leak or an over-consumption runs: which fluid, since
 * when, how much water it cost, what to do, and where to get help. Nothing when none runs.
 */
export function RunningAlerts({ assistance }: { assistance: AssistanceContext }) {
  const { t } = useAlertsText();
  const alerts = useQuery(alertsQuery());
  const running = alerts.data?.current ?? [];
  if (running.length === 0) return null;
  return (
    <section className="running-alerts" aria-label={t('running.label')}>
      {running.map((alert) => (
        <RunningAlert key={alert.id} alert={alert} assistance={assistance} />
      ))}
    </section>
  );
}

function RunningAlert({ alert, assistance }: { alert: ResidentAlert; assistance: AssistanceContext }) {
  const { t, language } = useAlertsText();
  const kind = t(`kind.${alert.kind}`);
  const fluid = t(`fluid.${alert.fluid}`);
  const since = formatInstantDate(alert.startedAt, language);
  const headingId = `running-alert-${alert.id}`;
  return (
    <article className={`running-alert fluid-${FLUID_ICON[alert.fluid]}`} aria-labelledby={headingId}>
      <h2 id={headingId} className="running-alert-title">
        <FluidIcon fluid={FLUID_ICON[alert.fluid]} />
        <span>{t('running.title', { kind, fluid })}</span>
      </h2>
      <p>{t('running.since', { date: since, lastSeen: formatInstantDate(alert.lastSeenAt, language) })}</p>
      {alert.volumeLitres !== null && <p className="running-alert-volume">{t('running.volume', { volume: formatLitres(alert.volumeLitres, language) })}</p>}
      <p>{alert.kind === 'leak' ? t('leakAdvice') : t('running.overconsumptionAdvice')}</p>
      <p className="running-alert-actions">
        <Link to={residentLinks.alerts()} className="button button-primary">
          {t('running.details')}
        </Link>
        <Link to={assistanceLink({ page: 'resident-alert', ...assistance, alert: t('running.assistanceSummary', { kind, fluid, date: since }) })} className="button button-secondary">
          {t('contactSupport')}
        </Link>
      </p>
    </article>
  );
}

import { useQuery } from '@tanstack/react-query';
import { FluidIcon } from '../../components/fluid-icon.tsx';
import { QueryState } from '../../components/query-state.tsx';
import { useDocumentTitle } from '../../components/use-document-title.ts';
import { MonthComparison } from './consumption-comparison.tsx';
import { FLUID_ICON } from './consumption-format.tsx';
import { DwellingLines, previousMonth } from './consumption-dashboard-page.tsx';
import { residentQueries, type ResidentDashboard } from './residents-api.ts';
import { useResidentText } from './residents-i18n.ts';

/** Where occupants find advice: the national energy-renovation service, the energy agency and the consumer institute. */
const ADVICE_LINKS = [
  { key: 'franceRenov', href: 'https://france-renov.gouv.fr' },
  { key: 'ademe', href: 'https://agirpourlatransition.ademe.fr/particuliers' },
  { key: 'inc', href: 'https://www.inc-conso.fr' },
] as const;

/**
 * The monthly information owed to occupants with remote-read devices (EU Energy Efficiency
 * Directive, Annex VIIa; French rules): last month against the same month a year before and
 * the residence's average user, as graphs, and where to find consumer organisations and energy agencies.
 */
export function MonthlyInformationPage() {
  const { t } = useResidentText();
  useDocumentTitle(t('monthly.title'));
  const dashboard = useQuery(residentQueries.dashboard());
  return (
    <>
      <h1>{t('monthly.title')}</h1>
      <p className="lead">{t('monthly.intro')}</p>
      <QueryState query={dashboard}>{(data) => <MonthlyContent dashboard={data} />}</QueryState>
      <section aria-labelledby="advice-title" className="resident-advice">
        <h2 id="advice-title">{t('monthly.adviceTitle')}</h2>
        <p>{t('monthly.adviceIntro')}</p>
        <ul>
          {ADVICE_LINKS.map((link) => (
            <li key={link.key}>
              <a href={link.href} target="_blank" rel="noreferrer">
                {t(`monthly.${link.key}`)} <span className="visually-hidden">{t('monthly.opensInNewTab')}</span>
              </a>
            </li>
          ))}
        </ul>
      </section>
    </>
  );
}

function MonthlyContent({ dashboard }: { dashboard: ResidentDashboard }) {
  const { t } = useResidentText();
  const month = previousMonth(dashboard.today);
  return (
    <>
      <DwellingLines dashboard={dashboard} />
      {dashboard.fluids.length === 0 && <p role="status">{t('dashboard.noFluid')}</p>}
      {dashboard.fluids.map((fluid) => (
        <section key={fluid.fluid} aria-labelledby={`monthly-${fluid.fluid}`} className={`resident-monthly-fluid fluid-${FLUID_ICON[fluid.fluid]}`}>
          <h2 id={`monthly-${fluid.fluid}`} className="resident-fluid-heading">
            <FluidIcon fluid={FLUID_ICON[fluid.fluid]} />
            {t(`fluids.${fluid.fluid}`)}
          </h2>
          <MonthComparison fluid={fluid} entry={fluid.months.find((entry) => entry.month === month) ?? null} headingLevel={3} />
        </section>
      ))}
    </>
  );
}

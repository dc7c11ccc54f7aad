import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { useDocumentTitle } from '../../components/use-document-title.ts';
import { FluidIcon, type Fluid } from '../../components/fluid-icon.tsx';

const fluids = [
  { fluid: 'hot-water', key: 'hotWater' },
  { fluid: 'cold-water', key: 'coldWater' },
  { fluid: 'heating', key: 'heating' },
] as const satisfies readonly { fluid: Fluid; key: string }[];

/** The public entry point: what the portal gives a resident, and the way to sign up. */
export function LandingPage() {
  const { t } = useTranslation();
  useDocumentTitle(t('landing.documentTitle'));

  return (
    <div className="landing">
      <section className="hero" aria-labelledby="landing-heading">
        <p className="eyebrow">{t('landing.eyebrow')}</p>
        <h1 id="landing-heading">{t('landing.heading')}</h1>
        <p className="lead">{t('landing.lead')}</p>
        <div className="hero-actions">
          <Link to="/inscription" className="button button-primary button-large">
            {t('landing.signUp')}
          </Link>
          <p className="hero-login">
            {t('landing.alreadyRegistered')} <Link to="/connexion">{t('landing.logIn')}</Link>
          </p>
        </div>
      </section>

      <section aria-labelledby="fluids-heading">
        <h2 id="fluids-heading">{t('landing.fluidsHeading')}</h2>
        <ul className="fluid-cards">
          {fluids.map(({ fluid, key }) => (
            <li key={fluid} className={`fluid-card fluid-${fluid}`}>
              <FluidIcon fluid={fluid} />
              <h3>{t(`landing.${key}`)}</h3>
              <p>{t(`landing.${key}Text`)}</p>
            </li>
          ))}
        </ul>
      </section>

      <section aria-labelledby="features-heading" className="panel">
        <h2 id="features-heading">{t('landing.featuresHeading')}</h2>
        <ul className="check-list">
          <li>{t('landing.featureHistory')}</li>
          <li>{t('landing.featureComparison')}</li>
          <li>{t('landing.featureAlerts')}</li>
          <li>{t('landing.featureManagerConsent')}</li>
        </ul>
      </section>

      <section aria-labelledby="how-heading">
        <h2 id="how-heading">{t('landing.howHeading')}</h2>
        <p>{t('landing.howIntro')}</p>
        <ol className="steps">
          <li>{t('landing.stepSerialNumber')}</li>
          <li>{t('landing.stepAttest')}</li>
          <li>{t('landing.stepAccount')}</li>
        </ol>
        <p className="note">{t('landing.otherDevices')}</p>
        <p>
          <Link to="/inscription" className="button button-primary">
            {t('landing.signUp')}
          </Link>
        </p>
      </section>

      <section aria-labelledby="good-to-know-heading" className="panel">
        <h2 id="good-to-know-heading">{t('landing.goodToKnowHeading')}</h2>
        <ul>
          <li>{t('landing.goodToKnowResidents')}</li>
          <li>{t('landing.goodToKnowOneAccount')}</li>
          <li>{t('landing.goodToKnowPublication')}</li>
        </ul>
      </section>

      <section aria-labelledby="managers-heading">
        <h2 id="managers-heading">{t('landing.managersHeading')}</h2>
        <p>{t('landing.managersText')}</p>
        <p>
          <Link to="/moncompte">{t('landing.managersLink')}</Link>
        </p>
      </section>
    </div>
  );
}

import { renderEmail } from '../../notifications/email-layout.ts';
import type { Fluid } from '#shared/device-kinds.ts';

/** What a notice says, in the resident's language (French unless they chose English). */
export interface NoticeFacts {
  kind: 'leak' | 'overconsumption';
  /** How the episode was found: the meter's own alarm, continuous flow, the daily rule, the monthly rule. */
  source: 'meter_flag' | 'readings' | 'daily_rule' | 'monthly_rule';
  fluid: Fluid;
  /** The day the episode started, or the resident's move-in day if later (YYYY-MM-DD). */
  since: string;
  /** For over-consumption: the latest month concerned (YYYY-MM) and what it was compared with, when the episode names them. */
  month: string | undefined;
  basis: 'own_history' | 'residence_average' | undefined;
  civility: 'madame' | 'monsieur';
  lastName: string;
  language: 'fr' | 'en';
  alertsUrl: string;
  optionsUrl: string;
}

const fluidNames = {
  fr: { hot_water: "d'eau chaude", cold_water: "d'eau froide", heating: 'de chauffage' },
  en: { hot_water: 'hot water', cold_water: 'cold water', heating: 'heating' },
} as const;

function formatDay(day: string): string {
  const [year, month, date] = day.split('-');
  return `${date}/${month}/${year}`;
}

function formatMonth(month: string, language: 'fr' | 'en'): string {
  const moment = new Date(`${month}-15T12:00:00Z`);
  return new Intl.DateTimeFormat(language === 'fr' ? 'fr-FR' : 'en-GB', { month: 'long', year: 'numeric', timeZone: 'UTC' }).format(moment);
}

const emailLabels = {
  fr: {
    alerts: 'Voir mes alertes',
    options: 'Modifier mes options de notification',
    footer: (leak: boolean) => `Vous recevez cet email car vous avez choisi d'être notifié en cas de ${leak ? 'fuite' : 'surconsommation'}.`,
  },
  en: {
    alerts: 'See my alerts',
    options: 'Change my notification options',
    footer: (leak: boolean) => `You receive this email because you chose to be notified of ${leak ? 'leaks' : 'over-consumption'}.`,
  },
} as const;

function englishEmail(facts: NoticeFacts): { subject: string; paragraphs: string[] } {
  const fluid = fluidNames.en[facts.fluid];
  const since = formatDay(facts.since);
  const greeting = `Dear ${facts.civility === 'madame' ? 'Ms' : 'Mr'} ${facts.lastName},`;
  if (facts.kind === 'leak') {
    return {
      subject: 'Possible water leak in your home',
      paragraphs: [
        greeting,
        facts.source === 'meter_flag'
          ? `Your ${fluid} meter has been reporting a leak since ${since}.`
          : facts.source === 'daily_rule'
            ? `Your ${fluid} consumption has been abnormally high every day since ${since}: there may be a leak (a tap, the toilet cistern, a pipe).`
            : `Your ${fluid} meter shows water flowing without a stop since ${since}: there may be a leak (a tap, the toilet cistern, a pipe).`,
        'Please check your fittings. If the flow goes on, call a plumber or your manager.',
      ],
    };
  }
  return {
    subject: `Unusually high ${fluid} consumption`,
    paragraphs: [
      greeting,
      `Your ${fluid} consumption${facts.month ? ` in ${formatMonth(facts.month, 'en')}` : ''} is more than twice ${
        facts.basis === 'residence_average'
          ? "the residence's average dwelling"
          : facts.basis === 'own_history'
            ? 'that of the same month in your previous years'
            : 'your usual level'
      }.`,
      'Your consumption pages show it month by month.',
    ],
  };
}

function frenchEmail(facts: NoticeFacts): { subject: string; paragraphs: string[] } {
  const fluid = fluidNames.fr[facts.fluid];
  const since = formatDay(facts.since);
  const greeting = `Bonjour ${facts.civility === 'madame' ? 'Madame' : 'Monsieur'} ${facts.lastName},`;
  if (facts.kind === 'leak') {
    return {
      subject: "Fuite d'eau possible dans votre logement",
      paragraphs: [
        greeting,
        facts.source === 'meter_flag'
          ? `Votre compteur ${fluid} signale une fuite depuis le ${since}.`
          : facts.source === 'daily_rule'
            ? `Votre consommation ${fluid} est anormalement élevée chaque jour depuis le ${since} : une fuite est possible (robinet, chasse d'eau, canalisation).`
            : `Votre compteur ${fluid} indique un écoulement continu depuis le ${since} : une fuite est possible (robinet, chasse d'eau, canalisation).`,
        "Vérifiez vos installations. Si l'écoulement continue, faites appel à un plombier ou à votre gestionnaire.",
      ],
    };
  }
  return {
    subject: `Surconsommation ${fluid}`,
    paragraphs: [
      greeting,
      `Votre consommation ${fluid}${facts.month ? ` en ${formatMonth(facts.month, 'fr')}` : ''} dépasse le double ${
        facts.basis === 'residence_average'
          ? 'de celle du logement moyen de votre résidence'
          : facts.basis === 'own_history'
            ? 'de celle des mêmes mois de vos années précédentes'
            : 'de votre niveau habituel'
      }.`,
      'Vos pages de consommation la détaillent mois par mois.',
    ],
  };
}

export function noticeEmail(facts: NoticeFacts): { subject: string; text: string; html: string } {
  const { subject, paragraphs } = facts.language === 'en' ? englishEmail(facts) : frenchEmail(facts);
  const labels = emailLabels[facts.language];
  return {
    subject,
    ...renderEmail({
      language: facts.language,
      heading: subject,
      paragraphs,
      action: { label: labels.alerts, url: facts.alertsUrl },
      footer: labels.footer(facts.kind === 'leak'),
      footerLink: { label: labels.options, url: facts.optionsUrl },
    }),
  };
}

/** The SMS (leak notices only): short, with the address of the alerts page. */
export function noticeSms(facts: NoticeFacts): string {
  const fluid = fluidNames[facts.language][facts.fluid];
  const since = formatDay(facts.since);
  return facts.language === 'en'
    ? `Mes suivis de consommation: possible leak, your ${fluid} meter shows a continuous flow since ${since}. Please check your fittings. ${facts.alertsUrl}`
    : `Mes suivis de consommation : fuite possible, votre compteur ${fluid} indique un écoulement continu depuis le ${since}. Vérifiez vos installations. ${facts.alertsUrl}`;
}

import type { Language } from '../../i18n/language.ts';

/**
 * The privacy policy's text. It describes what this portal really does with personal data;
 * when it changes, PRIVACY_POLICY_VERSION (shared/privacy-policy.ts) changes with it.
 */
interface PolicySection {
  /** Anchor of the section, the same in every language. */
  id: string;
  title: string;
  paragraphs: string[];
  items?: string[];
}

export interface PolicyText {
  intro: string;
  sections: PolicySection[];
}

const fr: PolicyText = {
  intro:
    "Le portail « Mes suivis de consommation » permet aux résidents des logements équipés de compteurs télé-relevés de suivre leurs consommations d'eau et de chauffage. Cette page explique quelles données personnelles il traite, pourquoi, combien de temps, et comment exercer vos droits.",
  sections: [
    {
      id: 'controller',
      title: 'Qui traite vos données',
      paragraphs: [
        "Les données sont traitées par la société de comptage qui exploite ce portail et relève les compteurs de votre résidence pour le compte de votre syndic ou bailleur (ci-après « nous »). Nous sommes responsables du traitement au sens du règlement général sur la protection des données (RGPD).",
      ],
    },
    {
      id: 'data',
      title: 'Les données que nous traitons',
      paragraphs: ['Nous traitons uniquement les données utiles au portail :'],
      items: [
        "votre identité : civilité, nom et prénom ;",
        'vos coordonnées : adresse email et numéro de mobile ;',
        "votre logement : résidence, codes du logement, date d'entrée que vous attestez, date de départ, et vos réponses « Propriétaire » et « Je fais partie du conseil syndical » (vous pouvez ne pas répondre à cette dernière) ;",
        "les relevés de vos compteurs : index et consommations d'eau chaude, d'eau froide et de chauffage de votre logement, quotidiens et, lorsque l'appareil les transmet, horaires ;",
        'vos choix : options de notification, autorisation donnée à votre gestionnaire, consentements à la présente politique et à la newsletter, chacun avec sa date et la version acceptée ;',
        "les données de sécurité de votre compte : mot de passe (conservé uniquement sous forme chiffrée irréversible), sessions, journal des connexions et des actions sensibles ;",
        "vos demandes adressées via « Contacter l'assistance ».",
      ],
    },
    {
      id: 'purposes',
      title: 'Pourquoi et sur quelle base légale',
      paragraphs: [],
      items: [
        "Vous montrer vos consommations (historique mensuel depuis votre entrée dans le logement, consommations journalières, comparaison avec l'année précédente et avec le logement moyen de votre résidence) et gérer votre compte : exécution du service que vous demandez en vous inscrivant, et obligation légale d'informer les occupants équipés d'appareils télé-relevés (directive européenne relative à l'efficacité énergétique et code de l'énergie).",
        'Vous alerter en cas de fuite ou de surconsommation, par email ou SMS : votre consentement, donné en activant ces options et retirable à tout moment.',
        "Permettre à votre gestionnaire de voir vos consommations journalières : uniquement avec votre consentement, retirable à tout moment avec effet immédiat. Sans lui, votre gestionnaire ne voit aucune de vos consommations ; il sait seulement combien de logements de la résidence ont un compte.",
        'Vous envoyer la newsletter : votre consentement, facultatif.',
        "Protéger le portail et vos données (limitation des tentatives, journal des connexions) et répondre à vos demandes d'assistance : notre intérêt légitime à fournir un service sûr.",
      ],
    },
    {
      id: 'recipients',
      title: 'Qui peut y accéder',
      paragraphs: [
        "Seuls nos collaborateurs qui en ont besoin (service client, publication des données) accèdent à vos données, et chacun de leurs accès est tracé. Votre gestionnaire n'accède à vos consommations journalières que si vous l'y avez autorisé. Nos prestataires d'hébergement et d'envoi d'emails et de SMS les traitent pour notre compte, sous contrat, au sein de l'Union européenne. Vos données ne sont ni vendues ni utilisées à des fins publicitaires.",
      ],
    },
    {
      id: 'privacy-boundary',
      title: 'Vos données et celles des autres occupants',
      paragraphs: [
        "Le portail ne vous montre aucune consommation antérieure à la plus tardive de ces deux dates : votre date d'entrée attestée et le dernier changement d'occupant connu du logement. Les consommations d'un occupant précédent ne sont donc jamais visibles par le suivant, et réciproquement.",
      ],
    },
    {
      id: 'retention',
      title: 'Combien de temps nous les conservons',
      paragraphs: [],
      items: [
        "Compte, coordonnées et choix : tant que votre compte est ouvert. Ils sont supprimés lorsque vous supprimez votre compte ou déclarez votre départ, sauf la preuve de vos consentements, conservée 5 ans.",
        'Relevés des compteurs : ils appartiennent au comptage du logement et sont conservés le temps nécessaire à la répartition des charges, au plus 5 ans ; le portail cesse de vous les montrer dès la fermeture de votre compte.',
        'Journal de sécurité : 1 an.',
        "Demandes d'assistance : 3 ans après votre dernier échange.",
      ],
    },
    {
      id: 'rights',
      title: 'Vos droits',
      paragraphs: [
        "Vous pouvez accéder à vos données, les rectifier, les effacer, en limiter le traitement, vous y opposer et en demander la portabilité. Votre espace vous permet de modifier vos informations et vos options, d'exporter vos consommations (CSV) et vos données personnelles, et de supprimer votre compte. Vous pouvez retirer un consentement à tout moment, sans effet sur les traitements déjà réalisés, et définir des directives sur le sort de vos données après votre décès.",
        "Si vous estimez que vos droits ne sont pas respectés, vous pouvez introduire une réclamation auprès de la CNIL (www.cnil.fr).",
      ],
    },
    {
      id: 'cookies',
      title: 'Cookies',
      paragraphs: [
        "Le portail n'utilise que des cookies nécessaires à son fonctionnement : le cookie de session, qui vous garde connecté, et le cookie « lang », qui retient la langue choisie. Aucun cookie de mesure d'audience ni de publicité n'est déposé.",
      ],
    },
    {
      id: 'contact',
      title: 'Nous contacter',
      paragraphs: [
        "Pour toute question sur vos données ou pour exercer vos droits, écrivez à notre délégué à la protection des données en utilisant le bouton « Contacter l'assistance ». Nous vous répondons dans un délai d'un mois.",
      ],
    },
  ],
};

const en: PolicyText = {
  intro:
    'The « Mes suivis de consommation » portal lets the residents of homes fitted with remote-read meters follow their water and heating consumption. This page explains which personal data it processes, why, for how long, and how to exercise your rights.',
  sections: [
    {
      id: 'controller',
      title: 'Who processes your data',
      paragraphs: [
        'Your data is processed by the metering company that runs this portal and reads the meters of your residence on behalf of your property manager or landlord ("we"). We are the controller within the meaning of the General Data Protection Regulation (GDPR).',
      ],
    },
    {
      id: 'data',
      title: 'The data we process',
      paragraphs: ['We process only the data the portal needs:'],
      items: [
        'your identity: title, surname and first name;',
        'your contact details: email address and mobile number;',
        'your home: residence, dwelling codes, the move-in date you attest, move-out date, and your answers to « Owner » and « I am a member of the conseil syndical » (you may decline to answer the latter);',
        'your meter readings: the indexes and consumption of hot water, cold water and heating in your home, daily and, where the device sends them, hourly;',
        'your choices: notification options, the permission given to your property manager, consents to this policy and to the newsletter, each with its date and the version accepted;',
        "your account's security data: password (kept only as an irreversible hash), sessions, a log of logins and sensitive actions;",
        'the requests you send through « Contact support ».',
      ],
    },
    {
      id: 'purposes',
      title: 'Why, and on what legal basis',
      paragraphs: [],
      items: [
        "Showing you your consumption (monthly history since you moved in, daily consumption, comparison with the previous year and with your residence's average home) and managing your account: performance of the service you ask for by signing up, and the legal obligation to inform occupants with remote-read devices (EU Energy Efficiency Directive and the French energy code).",
        'Alerting you to a leak or over-consumption, by email or text message: your consent, given by turning these options on and withdrawable at any time.',
        'Letting your property manager see your daily consumption: only with your consent, withdrawable at any time with immediate effect. Without it, your property manager sees none of your consumption; they only know how many homes in the residence have an account.',
        'Sending you the newsletter: your consent, optional.',
        'Protecting the portal and your data (attempt limits, login log) and answering your support requests: our legitimate interest in providing a safe service.',
      ],
    },
    {
      id: 'recipients',
      title: 'Who can access it',
      paragraphs: [
        'Only our staff who need it (customer service, data publication) access your data, and each of their accesses is logged. Your property manager sees your daily consumption only if you allowed it. Our hosting, email and text message providers process it on our behalf, under contract, within the European Union. Your data is never sold or used for advertising.',
      ],
    },
    {
      id: 'privacy-boundary',
      title: 'Your data and that of other occupants',
      paragraphs: [
        "The portal shows you no consumption from before the later of two dates: the move-in date you attest and the home's last known change of occupant. A previous occupant's consumption is therefore never visible to the next one, and the other way round.",
      ],
    },
    {
      id: 'retention',
      title: 'How long we keep it',
      paragraphs: [],
      items: [
        'Account, contact details and choices: as long as your account is open. They are deleted when you delete your account or declare your move-out, except the proof of your consents, kept for 5 years.',
        "Meter readings: they belong to the home's metering and are kept as long as needed to allocate charges, at most 5 years; the portal stops showing them to you as soon as your account is closed.",
        'Security log: 1 year.',
        'Support requests: 3 years after your last exchange.',
      ],
    },
    {
      id: 'rights',
      title: 'Your rights',
      paragraphs: [
        'You may access your data, correct it, erase it, restrict or object to its processing, and ask for its portability. Your space lets you change your details and options, export your consumption (CSV) and your personal data, and delete your account. You may withdraw a consent at any time, without affecting processing already done, and set instructions for your data after your death.',
        'If you believe your rights are not respected, you may lodge a complaint with the CNIL (www.cnil.fr).',
      ],
    },
    {
      id: 'cookies',
      title: 'Cookies',
      paragraphs: [
        'The portal uses only the cookies it needs to work: the session cookie, which keeps you logged in, and the « lang » cookie, which remembers the language you chose. No audience measurement or advertising cookie is set.',
      ],
    },
    {
      id: 'contact',
      title: 'Contact us',
      paragraphs: [
        'For any question about your data or to exercise your rights, write to our data protection officer using the « Contact support » button. We answer within one month.',
      ],
    },
  ],
};

export const privacyPolicyText: Record<Language, PolicyText> = { fr, en };

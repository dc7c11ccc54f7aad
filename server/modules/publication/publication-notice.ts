import { foldText } from '#shared/fold-text.ts';
import { renderEmail } from '../../notifications/email-layout.ts';
import { displayAddress, signupAddress } from '../managers/signup-kit.ts';

/** The seed's wording: the email and the « Mes documents » entry say the same thing. */
export const PUBLICATION_NOTICE_TITLE = 'Votre portail Mes suivis de consommation est prêt';

export interface PublishedResidence {
  building_code: string;
  name: string | null;
  street: string;
  postal_code: string;
  city: string;
}

/**
 * How the notice names a residence's kind before its name, by the kind a name may already
 * start with (« Résidence Les Tamaris », « Immeuble Le Carré »): that word is not repeated.
 */
const ARTICLE_OF_KIND: Record<string, string> = {
  residence: 'de la ',
  copropriete: 'de la ',
  cite: 'de la ',
  villa: 'de la ',
  tour: 'de la ',
  immeuble: "de l'",
  batiment: 'du ',
  domaine: 'du ',
  parc: 'du ',
  hameau: 'du ',
  clos: 'du ',
  square: 'du ',
};

function kindOf(name: string): string {
  const firstWord = name.trim().split(/\s+/)[0] ?? '';
  return foldText(firstWord);
}

/** « de la résidence Les Pins », « de la Résidence Les Tamaris », or by its address when it has no name. */
function residenceReference(residence: PublishedResidence): string {
  const place = `${residence.street}, ${residence.postal_code} ${residence.city}`;
  const code = `code immeuble ${residence.building_code}`;
  const name = residence.name?.trim();
  if (!name) return `de la résidence située ${place} (${code})`;
  const article = ARTICLE_OF_KIND[kindOf(name)];
  return article ? `${article}${name} (${code}), ${place}` : `de la résidence ${name} (${code}), ${place}`;
}

/**
 * The notice as emailed to the client's portal administrators, and as filed in « Mes documents »,
 * where every manager with access to the residence reads it: that copy does not say why an
 * administrator received it.
 */
export function composePublicationNotice(residence: PublishedResidence, publicUrl: string) {
  const address = signupAddress(publicUrl);
  const content = {
    heading: PUBLICATION_NOTICE_TITLE,
    paragraphs: [
      `Les index et consommations ${residenceReference(residence)} sont publiés en ligne.`,
      `Vos résidents peuvent dès maintenant utiliser le formulaire d'inscription et créer leur compte pour accéder à leur espace en ligne : ${displayAddress(address)}.`,
      "Pour les informer, transmettez-leur au choix le QR code, l'adresse web ou le flyer à télécharger, disponibles dans votre espace MonCompte. L'information est la même pour tous les résidents de tout votre patrimoine.",
      "Les résidents dont les compteurs n'ont pas de numéro de série à 9 chiffres (ITRON ou KAMSTRUP par exemple) s'inscrivent en 2 étapes avec leur code immeuble puis leur référence logement, que le service client leur communique.",
    ],
    action: { label: "Voir le formulaire d'inscription", url: address },
  };
  return {
    title: PUBLICATION_NOTICE_TITLE,
    email: renderEmail({ ...content, footer: 'Vous recevez cet email en tant qu’administrateur du portail MonCompte de votre organisation.' }),
    document: renderEmail({ ...content, footer: 'Ce document est mis à disposition de chaque gestionnaire ayant accès à cette résidence dans son espace MonCompte.' }),
  };
}

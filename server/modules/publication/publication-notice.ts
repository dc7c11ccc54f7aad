import { renderEmail } from '../notifications/email-layout.ts';
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

export function composePublicationNotice(residence: PublishedResidence, publicUrl: string) {
  const address = signupAddress(publicUrl);
  const residenceLabel = `${residence.name ?? 'Immeuble'} (code immeuble ${residence.building_code}), ${residence.street}, ${residence.postal_code} ${residence.city}`;
  const content = renderEmail({
    heading: PUBLICATION_NOTICE_TITLE,
    paragraphs: [
      `Les index et consommations de la résidence ${residenceLabel} sont publiés en ligne.`,
      `Vos résidents peuvent dès maintenant utiliser le formulaire d'inscription et créer leur compte pour accéder à leur espace en ligne : ${displayAddress(address)}.`,
      "Pour les informer, transmettez-leur au choix le QR code, l'adresse web ou le flyer à télécharger, disponibles dans votre espace MonCompte. L'information est la même pour tous les résidents de tout votre patrimoine.",
      "Les résidents dont les compteurs n'ont pas de numéro de série à 9 chiffres (ITRON ou KAMSTRUP par exemple) s'inscrivent en 2 étapes avec leur code immeuble puis leur référence logement, que le service client leur communique.",
    ],
    action: { label: "Voir le formulaire d'inscription", url: address },
    footer: 'Vous recevez cet email en tant qu’administrateur du portail MonCompte de votre organisation.',
  });
  return { title: PUBLICATION_NOTICE_TITLE, ...content };
}

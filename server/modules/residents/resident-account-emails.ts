import type { Config } from '../../config.ts';
import { EMAIL_CODE_RULES } from '../accounts/email-code.ts';
import type { EmailMessage } from '../../notifications/mailer.ts';
import { renderEmail } from '../../notifications/email-layout.ts';

/** The code that proves the resident reads the new address, sent to that address. */
export function emailChangeCodeEmail(to: string, codeId: string, digits: string, expiresAt: Date): EmailMessage {
  const content = renderEmail({
    heading: 'Confirmez votre nouvelle adresse email',
    paragraphs: [
      'Bonjour,',
      'Pour que cette adresse devienne celle de votre compte du portail résident « Mes suivis de consommation », saisissez ce code à 6 chiffres dans la page « Mon profil » :',
    ],
    code: digits,
    footer: `Ce code est valable ${EMAIL_CODE_RULES.validityMinutes} minutes et ne sert qu’une fois. Si vous n’avez rien demandé, ignorez cet email : aucune adresse ne sera changée.`,
  });
  return { messageKey: `email-change-code:${codeId}`, to, subject: 'Votre code de confirmation', ...content, secret: { value: digits, expiresAt } };
}

/** Sent instead of a code when the new address already serves another account: the requester cannot tell. */
export function emailChangeAddressInUseEmail(config: Config, to: string, codeId: string): EmailMessage {
  const content = renderEmail({
    heading: 'Cette adresse email est déjà utilisée',
    paragraphs: [
      'Bonjour,',
      'Quelqu’un a demandé à utiliser cette adresse pour un autre compte du portail résident « Mes suivis de consommation ». Elle est déjà celle d’un compte : rien n’a changé.',
    ],
    action: { label: 'Se connecter', url: `${config.publicUrl}/connexion` },
    footer: 'Si vous n’avez rien demandé, ignorez cet email.',
  });
  return { messageKey: `email-change-address-in-use:${codeId}`, to, subject: 'Votre compte au portail résident', ...content };
}

/** Sent to the previous address once the change is done, so a stolen session cannot move the account silently. */
export function emailChangedNoticeEmail(config: Config, to: string, codeId: string, newEmail: string): EmailMessage {
  const content = renderEmail({
    heading: 'L’adresse email de votre compte a changé',
    paragraphs: [
      'Bonjour,',
      `L’adresse email de votre compte du portail résident « Mes suivis de consommation » est désormais ${maskEmail(newEmail)}. Les prochains emails du portail y seront envoyés.`,
      'Si vous n’êtes pas à l’origine de ce changement, contactez l’assistance sans attendre.',
    ],
    action: { label: 'Contacter l’assistance', url: `${config.publicUrl}/inscription/assistance` },
    footer: 'Vous recevez cet email parce que cette adresse était celle de votre compte.',
  });
  return { messageKey: `email-changed-notice:${codeId}`, to, subject: 'Votre adresse email a changé', ...content };
}

/** `camille.martin@example.fr` → `c***@example.fr`. */
function maskEmail(email: string): string {
  const [local = '', domain = ''] = email.split('@');
  return `${local.slice(0, 1)}***@${domain}`;
}

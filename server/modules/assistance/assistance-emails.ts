import type { EmailMessage } from '../../notifications/mailer.ts';
import { renderEmail } from '../../notifications/email-layout.ts';

export function assistanceAcknowledgementEmail(request: { id: string; reference: string; name: string; email: string; message: string }): EmailMessage {
  const content = renderEmail({
    heading: 'Nous avons bien reçu votre demande',
    paragraphs: [
      `Bonjour ${request.name},`,
      `Votre demande a bien été transmise au service client ista, sous la référence ${request.reference}. Nous vous répondrons dans les meilleurs délais.`,
      'Votre message :',
      request.message,
    ],
    footer: 'Vous recevez cet email parce que cette adresse a été saisie dans le formulaire « Contacter l’assistance » du portail résident.',
  });
  return { messageKey: `assistance-ack:${request.id}`, to: request.email, subject: `Votre demande d’assistance (${request.reference})`, ...content };
}

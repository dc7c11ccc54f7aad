import type { Config } from '../../config.ts';
import type { EmailMessage } from '../../notifications/mailer.ts';
import { renderEmail } from '../../notifications/email-layout.ts';
import { SIGNUP_CODE_VALIDITY_MINUTES } from '../../kernel/code-policy.ts';

/** The two emails step 6 can send. They go to the same address at the same moment, so an observer of the screen cannot tell them apart. */
export function signupCodeEmail(to: string, codeId: string, digits: string, expiresAt: Date): EmailMessage {
  const content = renderEmail({
    heading: 'Vérification de votre identité',
    paragraphs: [
      'Bonjour,',
      'Pour confirmer votre inscription au portail résident « Mes suivis de consommation », saisissez ce code à 6 chiffres dans le formulaire d’inscription :',
    ],
    code: digits,
    footer: `Ce code est valable ${SIGNUP_CODE_VALIDITY_MINUTES} minutes et ne sert qu’une fois. Vous recevez cet email parce que cette adresse a été saisie dans le formulaire d’inscription. Si ce n’est pas vous, ignorez-le : aucun compte ne sera créé.`,
  });
  return { messageKey: `signup-code:${codeId}`, to, subject: 'Votre code de vérification', ...content, secret: { value: digits, expiresAt } };
}

export function addressInUseEmail(config: Config, to: string, codeId: string): EmailMessage {
  const content = renderEmail({
    heading: 'Cette adresse email est déjà utilisée',
    paragraphs: [
      'Bonjour,',
      'Quelqu’un, peut-être vous, a demandé à créer un compte au portail résident « Mes suivis de consommation » avec cette adresse email. Elle est déjà celle d’un compte : aucun nouveau compte ne sera créé.',
      'Si c’est vous, connectez-vous avec votre adresse et votre mot de passe. Une même adresse email ne peut servir qu’à un seul logement.',
    ],
    action: { label: 'Se connecter', url: `${config.publicUrl}/connexion` },
    footer: 'Si vous n’avez rien demandé, ignorez cet email : votre compte n’a pas changé.',
  });
  return { messageKey: `signup-address-in-use:${codeId}`, to, subject: 'Votre inscription au portail résident', ...content };
}

import { renderEmail } from '../../notifications/email-layout.ts';

export function passwordResetEmail(input: { code: string; validMinutes: number; publicUrl: string }) {
  return {
    subject: 'Votre code pour choisir un nouveau mot de passe',
    ...renderEmail({
      heading: 'Choisir un nouveau mot de passe',
      paragraphs: [
        'Vous avez demandé à choisir un nouveau mot de passe pour votre compte « Mes suivis de consommation ». Saisissez ce code sur la page « Mot de passe oublié » :',
      ],
      code: input.code,
      footer: `Ce code est valable ${input.validMinutes} minutes et ne sert qu'une fois. Si vous n'avez rien demandé, ignorez ce message : votre mot de passe actuel reste valable. ${input.publicUrl}`,
    }),
  };
}

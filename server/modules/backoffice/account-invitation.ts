import type { AppContext } from '../../app-context.ts';
import { AppError } from '../../http/errors.ts';
import { issueSetPasswordCode } from '../accounts/password-reset.service.ts';
import { renderEmail } from '../../notifications/email-layout.ts';

/** An invitation's set-password code lives a week; the reset page, opened by the link, takes it like a reset code. */
const INVITATION_LIFETIME_MS = 7 * 24 * 60 * 60_000;

const setPasswordPaths = { staff: '/back-office/connexion/mot-de-passe-oublie', manager: '/moncompte/connexion/mot-de-passe-oublie' } as const;
const spaceNames = { staff: 'le back-office de l’opérateur', manager: 'votre espace gestionnaire MonCompte' } as const;

/**
 * Emails an invited staff member or manager a link to the set-password page and the code to
 * type there (the password-reset mechanism). Sending again replaces the previous code.
 */
export async function sendAccountInvitation(
  context: Pick<AppContext, 'config' | 'db' | 'clock' | 'mailer'>,
  account: { userId: string; email: string; space: 'staff' | 'manager' },
): Promise<{ expiresAt: Date }> {
  const issued = await issueSetPasswordCode(context, account.userId, INVITATION_LIFETIME_MS);
  if (!issued) throw new AppError('rate_limited');
  const url = new URL(setPasswordPaths[account.space], context.config.publicUrl);
  url.searchParams.set('invitation', '1');
  url.searchParams.set('email', account.email);
  const content = renderEmail({
    heading: 'Votre compte « Mes suivis de consommation »',
    paragraphs: [
      `Un compte a été créé pour vous sur ${spaceNames[account.space]}.`,
      'Pour choisir votre mot de passe, ouvrez la page ci-dessous et saisissez ce code :',
    ],
    code: issued.code,
    action: { label: 'Choisir mon mot de passe', url: url.toString() },
    footer: `Ce code est valable 7 jours et ne sert qu'une fois. Si vous n'attendiez pas ce message, ignorez-le.`,
  });
  await context.mailer.send({
    messageKey: `account-invitation:${account.userId}:${issued.expiresAt.getTime()}`,
    to: account.email,
    subject: 'Choisissez le mot de passe de votre compte',
    ...content,
    secret: { value: issued.code, expiresAt: issued.expiresAt },
  });
  return { expiresAt: issued.expiresAt };
}

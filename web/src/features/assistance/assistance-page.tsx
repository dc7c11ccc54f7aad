import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import { useDocumentTitle } from '../../components/use-document-title.ts';
import { useCurrentUser } from '../accounts/use-current-user.ts';
import '../signup/signup.css';
import { AssistanceForm } from './assistance-form.tsx';
import { assistanceContextOf } from '../../components/assistance-link.ts';

/**
 * « Contacter l'assistance » from anywhere in the portal, signed in or not: the form starts with
 * the signed-in person's name and email, and a message naming the dwelling, residence and
 * alert the page knew about (carried in the address by assistanceLink).
 */
export default function AssistancePage() {
  const { t } = useTranslation();
  useDocumentTitle(t('assistance.title'));
  const [searchParams] = useSearchParams();
  const context = assistanceContextOf(searchParams);
  const currentUser = useCurrentUser();
  if (currentUser.isPending) return null;
  const user = currentUser.data?.user ?? null;
  // The dwelling and residence lines already say what they are (« Logement … », « Résidence … »).
  const knownLines = [
    context.dwelling,
    context.residence,
    context.alert && t('assistance.alert', { value: context.alert }),
  ].filter((line): line is string => Boolean(line));
  return (
    <div className="signup">
      <h1>{t('assistance.title')}</h1>
      <p>{t('assistance.intro')}</p>
      {knownLines.length > 0 && <p className="resident-hint">{t('assistance.prefilled')}</p>}
      <section className="signup-card" aria-label={t('assistance.title')}>
        <AssistanceForm
          page={context.page ?? 'assistance'}
          prefill={{
            name: user?.displayName,
            email: user?.email,
            buildingCode: context.buildingCode,
            message: knownLines.length > 0 ? `${knownLines.join('\n')}\n\n` : undefined,
          }}
        />
      </section>
    </div>
  );
}

import { useQuery } from '@tanstack/react-query';
import { useDocumentTitle } from '../../components/use-document-title.ts';
import { CopyButton } from '../../components/copy-button.tsx';
import { managerQueries, type SignupKit } from './managers-api.ts';
import { QueryState } from '../../components/query-state.tsx';
import { useManagerText } from './managers-i18n.ts';

/** « Kit d'inscription des résidents »: the same address, QR code and flyer for the whole portfolio. */
export function SignupKitPage() {
  const { t } = useManagerText();
  useDocumentTitle(t('kit.title'));
  const kit = useQuery(managerQueries.kit());
  return (
    <>
      <h1>{t('kit.title')}</h1>
      <p className="lead">{t('kit.intro')}</p>
      <QueryState query={kit}>{(data) => <KitContent kit={data} />}</QueryState>
      <section aria-labelledby="kit-how">
        <h2 id="kit-how">{t('kit.howTitle')}</h2>
        <p>{t('kit.howText')}</p>
        <p className="note">{t('kit.otherMakes')}</p>
        <h2>{t('kit.whenTitle')}</h2>
        <p>{t('kit.whenText')}</p>
      </section>
    </>
  );
}

function KitContent({ kit }: { kit: SignupKit }) {
  const { t } = useManagerText();
  return (
    <>
      <p>{t('kit.choice')}</p>
      <div className="kit-grid">
        <section className="panel kit-item" aria-labelledby="kit-address">
          <h2 id="kit-address">{t('kit.addressTitle')}</h2>
          <p className="kit-address">
            <a href={kit.address}>{kit.displayAddress}</a>
          </p>
          <p className="data-hint">{t('kit.addressHint')}</p>
          <CopyButton text={kit.address} label={t('kit.copy')} doneText={t('kit.copied')} failedText={t('kit.copyFailed')} />
        </section>
        <section className="panel kit-item" aria-labelledby="kit-qr">
          <h2 id="kit-qr">{t('kit.qrTitle')}</h2>
          <img className="kit-qr" src={kit.qrSvgUrl} alt={t('kit.qrAlt', { address: kit.displayAddress })} width={180} height={180} />
          <ul className="kit-downloads">
            <li>
              <a href={kit.qrPngUrl} download>
                {t('kit.downloadPng')}
              </a>
            </li>
            <li>
              <a href={kit.qrSvgUrl} download>
                {t('kit.downloadSvg')}
              </a>
            </li>
          </ul>
        </section>
        <section className="panel kit-item" aria-labelledby="kit-flyer">
          <h2 id="kit-flyer">{t('kit.flyerTitle')}</h2>
          <p>{t('kit.flyerText')}</p>
          <a className="button button-primary" href={kit.flyerPdfUrl} download>
            {t('kit.downloadFlyer')}
          </a>
        </section>
      </div>
    </>
  );
}

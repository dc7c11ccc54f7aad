import { useQuery } from '@tanstack/react-query';
import { Link, useParams } from 'react-router';
import { useDocumentTitle } from '../../components/use-document-title.ts';
import { managerApiPaths, managerQueries, type DocumentDetail } from './managers-api.ts';
import { formatInstantDate } from '../../components/format.ts';
import { managerLinks } from './manager-paths.ts';
import { QueryState } from '../../components/query-state.tsx';
import { useManagerText } from './managers-i18n.ts';

/** One document of « Mes documents », to read on screen and to download. */
export function DocumentPage() {
  const { t } = useManagerText();
  const { documentId = '' } = useParams();
  const document = useQuery(managerQueries.document(documentId));
  return (
    <>
      <p>
        <Link to={managerLinks.documents()}>{t('documents.back')}</Link>
      </p>
      <QueryState query={document}>{(data) => <DocumentContent document={data} />}</QueryState>
    </>
  );
}

function DocumentContent({ document }: { document: DocumentDetail }) {
  const { t, language } = useManagerText();
  useDocumentTitle(document.title);
  return (
    <article className="manager-document">
      <h1>{document.title}</h1>
      <p className="data-muted">
        {t('documents.receivedOn', { date: formatInstantDate(document.createdAt, language) })}
        {document.residence && ` · ${document.residence.buildingCode}${document.residence.name ? ` – ${document.residence.name}` : ''}`}
      </p>
      <p>
        <a className="button button-secondary" href={managerApiPaths.documentDownload(document.id)} download>
          {t('documents.downloadTitle', { title: document.title })}
        </a>
      </p>
      {/* The document's plain-text version, as text: nothing the operator stored is ever run or parsed as HTML here. */}
      <div className="panel manager-document-body">
        {document.text.split(/\n\s*\n/).map((paragraph, index) => (
          <p key={index}>{paragraph}</p>
        ))}
      </div>
    </article>
  );
}

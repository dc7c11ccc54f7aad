import { useQuery } from '@tanstack/react-query';
import { Link } from 'react-router';
import { useDocumentTitle } from '../../components/use-document-title.ts';
import { managerApiPaths, managerQueries, type DocumentSummary } from './managers-api.ts';
import { formatInstantDate } from '../../components/format.ts';
import { managerLinks } from './manager-paths.ts';
import { QueryState } from '../../components/query-state.tsx';
import { useManagerText } from './managers-i18n.ts';
import { TableRegion } from '../../components/table-region.tsx';

/** « Mes documents »: what the operator sent, each publication notice among them. */
export function DocumentsPage() {
  const { t } = useManagerText();
  useDocumentTitle(t('documents.title'));
  const documents = useQuery(managerQueries.documents());
  return (
    <>
      <h1>{t('documents.title')}</h1>
      <p>{t('documents.intro')}</p>
      <QueryState query={documents}>
        {(data) => (data.documents.length === 0 ? <p role="status">{t('documents.none')}</p> : <DocumentTable documents={data.documents} />)}
      </QueryState>
    </>
  );
}

function DocumentTable({ documents }: { documents: DocumentSummary[] }) {
  const { t, language } = useManagerText();
  return (
    <TableRegion label={t('documents.caption')}>
      <table className="data-table" aria-label={t('documents.caption')}>
        <thead>
          <tr>
            <th scope="col">{t('documents.columns.date')}</th>
            <th scope="col">{t('documents.columns.title')}</th>
            <th scope="col">{t('documents.columns.residence')}</th>
            <th scope="col">{t('documents.columns.actions')}</th>
          </tr>
        </thead>
        <tbody>
          {documents.map((document) => (
            <tr key={document.id}>
              <td>{formatInstantDate(document.createdAt, language)}</td>
              <th scope="row">
                <Link to={managerLinks.document(document.id)}>{document.title}</Link>
                <span className="data-muted manager-block">{t(`documents.kinds.${document.kind}`)}</span>
              </th>
              <td>
                {document.residence
                  ? `${document.residence.buildingCode}${document.residence.name ? ` – ${document.residence.name}` : ''}`
                  : t('documents.allResidences')}
              </td>
              <td>
                <a href={managerApiPaths.documentDownload(document.id)} download aria-label={t('documents.downloadTitle', { title: document.title })}>
                  {t('download')}
                </a>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </TableRegion>
  );
}

import { useId, useState, type FormEvent } from 'react';
import { TableRegion } from '../../components/table-region.tsx';
import { useDocumentTitle } from '../../components/use-document-title.ts';
import { operatorCommands, type InventoryPreview, type ReadingsPreview, type UploadKind } from './operator-api.ts';
import { formatInstantDateTime } from './operator-format.ts';
import { useOperatorText } from './operator-i18n.ts';
import { ActionOutcome, useStaffAction } from './staff-action.tsx';

/** CSV uploads, inventory and readings: every error previewed with its line before anything is applied. */
export function ImportsPage() {
  const { t } = useOperatorText();
  useDocumentTitle(t('imports.title'));
  return (
    <>
      <h1>{t('imports.title')}</h1>
      <p>{t('imports.intro')}</p>
      <UploadPanel kind="inventory" />
      <UploadPanel kind="readings" />
    </>
  );
}

type Preview = InventoryPreview | ReadingsPreview;

function UploadPanel({ kind }: { kind: UploadKind }) {
  const { t, language } = useOperatorText();
  const fileId = useId();
  const titleId = useId();
  const [file, setFile] = useState<{ name: string; text: string } | null>(null);
  const previewAction = useStaffAction((text: string) => operatorCommands.previewUpload(kind, text));
  const applyAction = useStaffAction((input: { previewId: string; text: string }) => operatorCommands.applyUpload(kind, input.previewId, input.text));
  const preview: Preview | undefined = previewAction.data;

  const choose = async (chosen: File | undefined) => {
    previewAction.reset();
    applyAction.reset();
    setFile(chosen ? { name: chosen.name, text: await chosen.text() } : null);
  };
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (file) previewAction.mutate(file.text);
  };

  return (
    <section className="panel" aria-labelledby={titleId}>
      <h2 id={titleId}>{t(`imports.${kind}.title`)}</h2>
      <p>{t(`imports.${kind}.text`)}</p>
      <form className="operator-form" onSubmit={submit}>
        <label htmlFor={fileId}>{t('imports.file')}</label>
        <input id={fileId} type="file" accept=".csv,text/csv,text/plain" onChange={(event) => void choose(event.target.files?.[0])} />
        <div>
          <button type="submit" className="button button-primary" disabled={!file || previewAction.isPending}>
            {previewAction.isPending ? t('imports.previewing') : t('imports.preview')}
          </button>
        </div>
      </form>
      <ActionOutcome action={{ isSuccess: false, error: previewAction.error }} doneText="" />
      <div role="status">
        {preview && (
          <p className={preview.outcome === 'clean' ? 'operator-success' : 'data-error'}>
            {preview.outcome === 'clean'
              ? t('imports.clean', { rows: preview.rowsRead, file: file?.name ?? '' })
              : t('imports.refused', { count: preview.errorCount, rows: preview.rowsRead, file: file?.name ?? '' })}
          </p>
        )}
      </div>
      {preview && preview.outcome === 'refused' && <ErrorTable preview={preview} />}
      {preview && preview.outcome === 'clean' && (
        <>
          <PreviewSummary preview={preview} />
          <p>
            <button
              type="button"
              className="button button-primary"
              disabled={applyAction.isPending || applyAction.isSuccess || !file}
              onClick={() => file && applyAction.mutate({ previewId: preview.previewId, text: file.text })}
            >
              {t('imports.apply')}
            </button>
          </p>
          <p className="data-muted">{t('imports.expires', { date: formatInstantDateTime(preview.expiresAt, language) })}</p>
        </>
      )}
      <ActionOutcome action={applyAction} doneText={t('imports.applied')} />
    </section>
  );
}

function ErrorTable({ preview }: { preview: Preview }) {
  const { t } = useOperatorText();
  const caption = t('imports.errorsCaption', { count: preview.errorCount });
  return (
    <>
      {preview.errors.length < preview.errorCount && <p>{t('imports.errorsShown', { shown: preview.errors.length, count: preview.errorCount })}</p>}
      <TableRegion label={caption}>
        <table className="data-table" aria-label={caption}>
          <thead>
            <tr>
              <th scope="col" className="numeric">
                {t('imports.columns.line')}
              </th>
              <th scope="col">{t('imports.columns.column')}</th>
              <th scope="col">{t('imports.columns.problem')}</th>
              <th scope="col">{t('imports.columns.value')}</th>
            </tr>
          </thead>
          <tbody>
            {preview.errors.map((error, index) => (
              <tr key={`${error.line}-${index}`}>
                <th scope="row" className="numeric">
                  {error.line}
                </th>
                <td>{error.column ?? ''}</td>
                <td>{error.problem}</td>
                <td>{error.value === undefined ? '' : <code>{error.value}</code>}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </TableRegion>
    </>
  );
}

function PreviewSummary({ preview }: { preview: Preview }) {
  const { t, language } = useOperatorText();
  if (preview.kind === 'readings_csv') {
    return (
      <ul>
        <li>{t('imports.readings.new', { count: preview.newReadings })}</li>
        <li>{t('imports.readings.duplicates', { count: preview.duplicates })}</li>
        <li>{t('imports.readings.conflicting', { count: preview.conflicting })}</li>
        <li>{t('imports.readings.devices', { count: preview.devices })}</li>
        {preview.firstReadingAt && preview.lastReadingAt && (
          <li>
            {t('imports.readings.period', {
              from: formatInstantDateTime(preview.firstReadingAt, language),
              to: formatInstantDateTime(preview.lastReadingAt, language),
            })}
          </li>
        )}
      </ul>
    );
  }
  const kinds = ['clients', 'contracts', 'residences', 'dwellings', 'devices'] as const;
  const caption = t('imports.inventory.caption');
  return (
    <TableRegion label={caption}>
      <table className="data-table" aria-label={caption}>
        <thead>
          <tr>
            <th scope="col">{t('imports.inventory.what')}</th>
            <th scope="col" className="numeric">
              {t('imports.inventory.created')}
            </th>
            <th scope="col" className="numeric">
              {t('imports.inventory.updated')}
            </th>
          </tr>
        </thead>
        <tbody>
          {kinds.map((what) => (
            <tr key={what}>
              <th scope="row">{t(`imports.inventory.kinds.${what}`)}</th>
              <td className="numeric">{preview.created[what].toLocaleString(language)}</td>
              <td className="numeric">{preview.updated[what].toLocaleString(language)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </TableRegion>
  );
}

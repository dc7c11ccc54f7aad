import { useId, useState, type FormEvent } from 'react';
import { TableRegion } from '../../components/table-region.tsx';
import { useDocumentTitle } from '../../components/use-document-title.ts';
import { operatorCommands, type InventoryPreview, type ReadingsOptions, type ReadingsPreview, type UploadKind } from './operator-api.ts';
import { formatInstantDateTime } from './operator-format.ts';
import { useOperatorText } from './operator-i18n.ts';
import { ActionOutcome, useStaffAction } from './staff-action.tsx';
import { DegreeDaysUploadPanel } from '../climate/climate-back-office.tsx';

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
      <DegreeDaysUploadPanel />
    </>
  );
}

type Preview = InventoryPreview | ReadingsPreview;

function UploadPanel({ kind }: { kind: UploadKind }) {
  const { t, language } = useOperatorText();
  const fileId = useId();
  const titleId = useId();
  const [file, setFile] = useState<{ name: string; text: string } | null>(null);
  const [options, setOptions] = useState<ReadingsOptions>({});
  const previewAction = useStaffAction((input: { text: string; options: ReadingsOptions }) => operatorCommands.previewUpload(kind, input.text, input.options));
  // The apply reads the file with the options its preview was made with (the server keeps them).
  const applyAction = useStaffAction((input: { previewId: string; text: string }) => operatorCommands.applyUpload(kind, input.previewId, input.text));
  const preview: Preview | undefined = previewAction.data;

  const choose = async (chosen: File | undefined) => {
    previewAction.reset();
    applyAction.reset();
    setFile(chosen ? { name: chosen.name, text: await chosen.text() } : null);
  };
  const changeOptions = (changed: ReadingsOptions) => {
    previewAction.reset();
    applyAction.reset();
    setOptions(changed);
  };
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (file) previewAction.mutate({ text: file.text, options: kind === 'readings' ? options : {} });
  };

  return (
    <section className="panel" aria-labelledby={titleId}>
      <h2 id={titleId}>{t(`imports.${kind}.title`)}</h2>
      <p>{t(`imports.${kind}.text`)}</p>
      <form className="operator-form" onSubmit={submit}>
        <label htmlFor={fileId}>{t('imports.file')}</label>
        <input id={fileId} type="file" accept=".csv,text/csv,text/plain" onChange={(event) => void choose(event.target.files?.[0])} />
        {kind === 'readings' && <ReadingsOptionsFields value={options} onChange={changeOptions} />}
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

const COLUMN_OPTIONS = ['serialColumn', 'readAtColumn', 'indexColumn', 'manufacturerColumn', 'estimatedColumn'] as const;
/** The headers the readings import looks for when none is given (docs/IMPORT-FORMATS.md). */
const DEFAULT_COLUMNS: Record<(typeof COLUMN_OPTIONS)[number], string> = {
  serialColumn: 'serial_number',
  readAtColumn: 'read_at',
  indexColumn: 'index',
  manufacturerColumn: 'manufacturer',
  estimatedColumn: 'is_estimated',
};
const UNITS = ['l', 'm3', 'kWh', 'units'] as const satisfies readonly NonNullable<ReadingsOptions['unit']>[];
const DELIMITERS = [';', ','] as const satisfies readonly NonNullable<ReadingsOptions['delimiter']>[];
/** The residences' zone and UTC first, then every zone the browser knows (the server checks the name again). */
const TIME_ZONES = [...new Set(['Europe/Paris', 'UTC', ...Intl.supportedValuesOf('timeZone')])];

/** How to read a readings file: its column names, the index unit, the zone of times without an offset, the separator. Empty means the import's default. */
function ReadingsOptionsFields({ value, onChange }: { value: ReadingsOptions; onChange: (options: ReadingsOptions) => void }) {
  const { t } = useOperatorText();
  const hintId = useId();
  const set = (name: keyof ReadingsOptions, text: string) => {
    const next = { ...value };
    if (text.trim() === '') delete next[name];
    else Object.assign(next, { [name]: text.trim() });
    onChange(next);
  };
  return (
    <>
      <fieldset className="operator-fieldset" aria-describedby={hintId}>
        <legend>{t('imports.readings.columnsTitle')}</legend>
        <p id={hintId} className="data-muted">
          {t('imports.readings.columnsHint')}
        </p>
        {COLUMN_OPTIONS.map((name) => (
          <label key={name}>
            {t(`imports.readings.columnNames.${name}`, { column: DEFAULT_COLUMNS[name] })}
            <input maxLength={100} autoComplete="off" value={value[name] ?? ''} onChange={(event) => set(name, event.target.value)} />
          </label>
        ))}
      </fieldset>
      <OptionSelect
        label={t('imports.readings.unit')}
        defaultLabel={t('imports.readings.unitDefault')}
        value={value.unit}
        options={UNITS.map((unit) => ({ value: unit, label: t(`imports.readings.units.${unit}`) }))}
        onChange={(unit) => set('unit', unit)}
      />
      <OptionSelect
        label={t('imports.readings.timeZone')}
        defaultLabel={t('imports.readings.timeZoneDefault')}
        value={value.timeZone}
        options={TIME_ZONES.map((zone) => ({ value: zone, label: zone }))}
        onChange={(zone) => set('timeZone', zone)}
      />
      <OptionSelect
        label={t('imports.readings.delimiter')}
        defaultLabel={t('imports.readings.delimiterDefault')}
        value={value.delimiter}
        options={DELIMITERS.map((delimiter) => ({ value: delimiter, label: t(delimiter === ';' ? 'imports.readings.semicolon' : 'imports.readings.comma') }))}
        onChange={(delimiter) => set('delimiter', delimiter)}
      />
      <p className="data-muted">{t('imports.readings.moments')}</p>
    </>
  );
}

/** A choice among `options`, or the import's default (the empty first entry). */
function OptionSelect(props: {
  label: string;
  defaultLabel: string;
  value: string | undefined;
  options: ReadonlyArray<{ value: string; label: string }>;
  onChange: (value: string) => void;
}) {
  return (
    <label>
      {props.label}
      <select value={props.value ?? ''} onChange={(event) => props.onChange(event.target.value)}>
        <option value="">{props.defaultLabel}</option>
        {props.options.map((option) => (
          <option key={option.value} value={option.value}>
            {option.label}
          </option>
        ))}
      </select>
    </label>
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

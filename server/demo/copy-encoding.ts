import type { ReadingSeries } from './demo-plan.ts';

/**
 * Encodes rows for PostgreSQL's COPY: the text format for the small tables, the binary format
 * for the readings, which number over a million and parse about twice as fast that way.
 */
export type CopyValue = string | number | boolean | null | readonly string[];

function escapeText(value: string): string {
  return value.replace(/[\\\t\n\r]/g, (character) => ({ '\\': '\\\\', '\t': '\\t', '\n': '\\n', '\r': '\\r' })[character]!);
}

function encodeTextValue(value: CopyValue): string {
  if (value === null) return '\\N';
  if (typeof value === 'boolean') return value ? 't' : 'f';
  if (typeof value === 'number') return String(value);
  if (typeof value === 'string') return escapeText(value);
  return escapeText(`{${value.map((element) => `"${element.replace(/["\\]/g, '\\$&')}"`).join(',')}}`);
}

export function encodeCopyText(rows: ReadonlyArray<readonly CopyValue[]>): string {
  return rows.map((row) => `${row.map(encodeTextValue).join('\t')}\n`).join('');
}

export const READING_COPY_COLUMNS = ['residence_id', 'device_id', 'read_at', 'index_value', 'is_estimated', 'source'] as const;

const BINARY_SIGNATURE = [0x50, 0x47, 0x43, 0x4f, 0x50, 0x59, 0x0a, 0xff, 0x0d, 0x0a, 0x00];
const POSTGRES_EPOCH_MS = Date.UTC(2000, 0, 1);
/** The largest binary row: 2 + 2×(4+16) + (4+8) + numeric (4+8+4×2) + (4+1) + (4+4). */
const MAX_READING_ROW_BYTES = 2 + 40 + 12 + 28 + 5 + 8;
const SOURCE_DEMO = new TextEncoder().encode('demo');

function uuidBytes(uuid: string): Uint8Array {
  return Uint8Array.from(Buffer.from(uuid.replaceAll('-', ''), 'hex'));
}

/** Writes fields into one COPY BINARY buffer. */
class BinaryCopyWriter {
  private readonly bytes: Uint8Array;
  private readonly view: DataView;
  private offset = 0;

  constructor(capacity: number) {
    this.bytes = new Uint8Array(capacity + BINARY_SIGNATURE.length + 8 + 2);
    this.view = new DataView(this.bytes.buffer);
    this.bytes.set(BINARY_SIGNATURE, 0);
    // Flags and header extension length, both zero.
    this.offset = BINARY_SIGNATURE.length + 8;
  }

  startRow(fieldCount: number): void {
    this.view.setInt16(this.offset, fieldCount);
    this.offset += 2;
  }

  bytesField(value: Uint8Array): void {
    this.view.setInt32(this.offset, value.length);
    this.bytes.set(value, this.offset + 4);
    this.offset += 4 + value.length;
  }

  timestampField(utcMs: number): void {
    this.view.setInt32(this.offset, 8);
    this.view.setBigInt64(this.offset + 4, BigInt(utcMs - POSTGRES_EPOCH_MS) * 1000n);
    this.offset += 12;
  }

  booleanField(value: boolean): void {
    this.view.setInt32(this.offset, 1);
    this.bytes[this.offset + 4] = value ? 1 : 0;
    this.offset += 5;
  }

  /** A non-negative numeric with three decimals, given in thousandths (a whole number). */
  thousandthsField(thousandths: number): void {
    const whole = Math.floor(thousandths / 1000);
    const fraction = thousandths - whole * 1000;
    // numeric's wire form: base-10000 digits, the weight of the first, sign, display scale.
    const digits: number[] = [];
    for (let rest = whole; rest > 0; rest = Math.floor(rest / 10000)) digits.unshift(rest % 10000);
    const weight = digits.length > 0 ? digits.length - 1 : fraction > 0 ? -1 : 0;
    if (fraction > 0) digits.push(fraction * 10);
    this.view.setInt32(this.offset, 8 + 2 * digits.length);
    this.view.setInt16(this.offset + 4, digits.length);
    this.view.setInt16(this.offset + 6, weight);
    this.view.setUint16(this.offset + 8, 0);
    this.view.setInt16(this.offset + 10, 3);
    this.offset += 12;
    for (const digit of digits) {
      this.view.setInt16(this.offset, digit);
      this.offset += 2;
    }
  }

  finish(): Uint8Array {
    this.view.setInt16(this.offset, -1);
    return this.bytes.subarray(0, this.offset + 2);
  }
}

/**
 * The readings as COPY BINARY chunks of at most rowsPerChunk rows (columns READING_COPY_COLUMNS),
 * in the order given.
 */
export function* encodeReadingsForCopy(
  seriesList: readonly ReadingSeries[],
  rowsPerChunk: number,
): Generator<{ bytes: Uint8Array; rowCount: number }> {
  let writer = new BinaryCopyWriter(rowsPerChunk * MAX_READING_ROW_BYTES);
  let rowCount = 0;
  for (const series of seriesList) {
    const residenceId = uuidBytes(series.residenceId);
    const deviceId = uuidBytes(series.deviceId);
    for (let index = 0; index < series.readAtMs.length; index += 1) {
      writer.startRow(READING_COPY_COLUMNS.length);
      writer.bytesField(residenceId);
      writer.bytesField(deviceId);
      writer.timestampField(series.readAtMs[index]!);
      writer.thousandthsField(series.indexThousandths[index]!);
      writer.booleanField(series.isEstimated[index] === 1);
      writer.bytesField(SOURCE_DEMO);
      rowCount += 1;
      if (rowCount === rowsPerChunk) {
        yield { bytes: writer.finish(), rowCount };
        writer = new BinaryCopyWriter(rowsPerChunk * MAX_READING_ROW_BYTES);
        rowCount = 0;
      }
    }
  }
  if (rowCount > 0) yield { bytes: writer.finish(), rowCount };
}

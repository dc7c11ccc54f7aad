/**
 * One CSV line into fields: `;` or `,` separated, fields optionally in double quotes with `""`
 * for a quote inside. Fields never span lines in the formats the portal reads.
 */
export type CsvDelimiter = ';' | ',';

export function detectDelimiter(headerLine: string): CsvDelimiter {
  return headerLine.includes(';') ? ';' : ',';
}

export function splitCsvLine(line: string, delimiter: CsvDelimiter): string[] | undefined {
  if (!line.includes('"')) return line.split(delimiter).map((field) => field.trim());
  const fields: string[] = [];
  let field = '';
  let isQuoted = false;
  for (let position = 0; position < line.length; position += 1) {
    const character = line[position];
    if (isQuoted) {
      if (character === '"' && line[position + 1] === '"') {
        field += '"';
        position += 1;
      } else if (character === '"') {
        isQuoted = false;
      } else {
        field += character;
      }
    } else if (character === '"' && field.trim() === '') {
      isQuoted = true;
      field = '';
    } else if (character === delimiter) {
      fields.push(field.trim());
      field = '';
    } else {
      field += character;
    }
  }
  if (isQuoted) return undefined;
  fields.push(field.trim());
  return fields;
}

/** Header names compared without case or extra spaces: `User Key` finds `user key`. */
export function normaliseHeader(name: string): string {
  return name.replace(/^\uFEFF/, '').trim().toLowerCase().replace(/\s+/g, ' ');
}

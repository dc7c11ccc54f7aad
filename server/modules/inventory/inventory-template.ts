import { localDayOf } from '../../kernel/local-time.ts';
import { ReadingsCsvParser, type ReadingsCsvOptions } from '../ingest/readings-csv.ts';
import { momentToInstant } from '../../kernel/moment-text.ts';
import { INVENTORY_COLUMNS } from './inventory-csv.ts';

/**
 * A starting inventory for a readings file from a source nobody registered yet: one dwelling
 * and one device per serial number found, installed on the day of its first reading, in one
 * residence. The operator completes names and addresses before importing it for real.
 */
export interface InventoryTemplateOptions extends ReadingsCsvOptions {
  buildingCode: string;
  kind: string;
  manufacturer: string;
  timeZone: string;
}

export async function inventoryTemplateFromReadings(
  lines: AsyncIterable<string> | Iterable<string>,
  options: InventoryTemplateOptions,
): Promise<string> {
  const parser = new ReadingsCsvParser(options);
  let lineNumber = 0;
  for await (const line of lines) parser.accept(line, (lineNumber += 1));
  const firstDay = new Map<string, string>();
  for (const row of parser.rows) {
    const day = localDayOf(momentToInstant(row.moment, options.timeZone), options.timeZone);
    const known = firstDay.get(row.serialNumber);
    if (known === undefined || day < known) firstDay.set(row.serialNumber, day);
  }
  const output = [INVENTORY_COLUMNS.join(';')];
  [...firstDay].forEach(([serialNumber, installedOn], position) => {
    const dwellingCode = String(position + 1).padStart(8, '0');
    const values: Record<(typeof INVENTORY_COLUMNS)[number], string> = {
      client_name: 'CLIENT TO COMPLETE',
      client_kind: 'syndic',
      contract_reference: `CTR-${options.buildingCode}`,
      contract_options: 'remote_reading',
      building_code: options.buildingCode,
      residence_name: '',
      street: 'ADDRESS TO COMPLETE',
      postal_code: '00000',
      city: 'CITY TO COMPLETE',
      time_zone: options.timeZone,
      dwelling_code: dwellingCode,
      client_number: `L${dwellingCode}`,
      building: '',
      staircase: '',
      floor: '',
      device_kind: options.kind,
      serial_number: serialNumber,
      radio_id: '',
      manufacturer: options.manufacturer,
      location: '',
      is_in_common_area: 'no',
      installed_on: installedOn,
      removed_on: '',
      replaces_serial_number: '',
    };
    output.push(INVENTORY_COLUMNS.map((column) => values[column]).join(';'));
  });
  return `${output.join('\n')}\n`;
}

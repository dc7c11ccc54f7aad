import { describe, expect, it } from 'vitest';
import { exportQuantity } from './export-quantity.ts';

describe('exportQuantity', () => {
  it('writes water in litres from the database text, digit for digit', () => {
    expect(exportQuantity('0.175208542', 'm3')).toEqual({ value: '175,208542', unit: 'litres' });
    expect(exportQuantity('0.1', 'm3')).toEqual({ value: '100', unit: 'litres' });
    expect(exportQuantity('12', 'm3')).toEqual({ value: '12000', unit: 'litres' });
    expect(exportQuantity('0.000', 'm3')).toEqual({ value: '0', unit: 'litres' });
    expect(exportQuantity('0.0004', 'm3')).toEqual({ value: '0,4', unit: 'litres' });
  });

  it('keeps allocator units and kWh in their own unit', () => {
    expect(exportQuantity('1584', 'units')).toEqual({ value: '1584', unit: 'units' });
    expect(exportQuantity('284.679', 'units')).toEqual({ value: '284,679', unit: 'units' });
    expect(exportQuantity('912163.50', 'kWh')).toEqual({ value: '912163,5', unit: 'kWh' });
  });

  it('leaves out the noise of a sum made with floats', () => {
    expect(0.1 + 0.2).not.toBe(0.3);
    expect(exportQuantity(0.1 + 0.2, 'm3')).toEqual({ value: '300', unit: 'litres' });
    expect(exportQuantity(2.1 + 1.0000000000000002, 'units')).toEqual({ value: '3,1', unit: 'units' });
  });
});

import { describe, expect, it } from 'vitest';
import { checkShipment, percentOf, remainingOf } from './model.ts';

describe('contract amounts', () => {
  it('gives the received share to one decimal, capped at 100, 0 for a zero amount', () => {
    expect(percentOf('3333.33', '10000.00')).toBe(33.3);
    expect(percentOf('0.01', '0.03')).toBe(33.3);
    expect(percentOf('120', '100')).toBe(100);
    expect(percentOf('5', '0')).toBe(0);
  });
});

describe('shipment dialog', () => {
  const lines = [{ id: 'a', quantity: '10.0000', deliveredQuantity: '4.0000' }, { id: 'b', quantity: '2.5', deliveredQuantity: '0' }];
  it('knows what is left per line without float drift', () => {
    expect(remainingOf(lines[0]!)).toBe('6');
    expect(remainingOf({ quantity: '0.3', deliveredQuantity: '0.1' })).toBe('0.2');
  });
  it('sends filled lines only and refuses over-shipment and bad numbers per line', () => {
    expect(checkShipment(lines, { a: '6', b: '' })).toEqual({ lines: [{ lineItemId: 'a', quantity: '6' }], errors: {} });
    expect(checkShipment(lines, { a: '6.0001', b: '2.5' }).errors).toEqual({ a: 'tooMany' });
    expect(checkShipment(lines, { a: '-1', b: 'x' }).errors).toEqual({ a: 'invalid', b: 'invalid' });
    expect(checkShipment(lines, { a: '0' }).errors).toEqual({ a: 'invalid' });
  });
});

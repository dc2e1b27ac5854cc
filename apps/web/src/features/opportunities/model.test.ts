import { describe, expect, it } from 'vitest';
import { yuan } from './api.ts';
import { conversionOpportunityBody, initialConversionOpportunity } from './ConversionOpportunity.tsx';

describe('opportunity helpers', () => {
  it('shows decimal strings as yuan without float rounding', () => {
    expect(yuan('1234567.5')).toBe('¥1,234,567.50');
    expect(yuan('0.01')).toBe('¥0.01');
    expect(yuan('99999999999.99')).toBe('¥99,999,999,999.99');
    expect(yuan('-12.30')).toBe('-¥12.30');
    expect(yuan(undefined)).toBe('¥0.00');
  });

  it('sends an opportunity with the lead conversion only when switched on', () => {
    const start = initialConversionOpportunity('苏州科技');
    expect(conversionOpportunityBody(start)).toEqual({});
    expect(conversionOpportunityBody({ ...start, enabled: true, amount: ' 8800 ' })).toEqual({ opportunity: { name: '苏州科技', amount: '8800' } });
    expect(conversionOpportunityBody({ ...start, enabled: true, pipelineId: 'p1' })).toEqual({ opportunity: { name: '苏州科技', pipelineId: 'p1' } });
  });
});

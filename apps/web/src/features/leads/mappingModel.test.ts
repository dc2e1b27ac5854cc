import { describe, expect, it } from 'vitest';
import { compatible, hasErrors, mappableSources, mappableTargets, mappingProblems, setTarget, type ConversionMapping, type MappingField } from './mappingModel.ts';

const f = (key: string, kind: MappingField['kind'], options?: string[]): MappingField => ({
  key, label: key, labelEn: key, kind, ...(options ? { options: options.map((value) => ({ value })) } : {}),
});
const lead = [f('number', 'text'), f('name', 'text'), f('company', 'text'), f('mobile', 'text'), f('budget', 'number'), f('grade', 'select', ['A', 'B', 'C']),
  f('source', 'select', ['ads', 'webForm']), f('tags', 'multiselect'), f('nextFollowupAt', 'datetime'), f('status', 'select', ['new']), f('custom.region', 'select', ['east', 'west'])];
const customer = [f('number', 'text'), f('name', 'text'), f('phone', 'text'), f('grade', 'select', ['A', 'B', 'C']), f('scale', 'select', ['1-19']),
  f('healthScore', 'number'), f('tags', 'multiselect'), f('ownerId', 'uuid'), f('remark', 'text'), f('custom.area', 'select', ['east'])];
const contact = [f('name', 'text'), f('mobile', 'text'), f('customerId', 'uuid'), f('decisionRole', 'select', ['user'])];
const targets = { customer, contact };
const good: ConversionMapping = { customer: { company: 'name', grade: 'grade', tags: 'tags' }, contact: { name: 'name', mobile: 'mobile' } };

describe('lead conversion mapping', () => {
  it('offers what the server\'s conversion reads and fills, custom fields included', () => {
    expect(mappableSources(lead).map((x) => x.key)).toEqual(['name', 'company', 'mobile', 'budget', 'grade', 'source', 'tags', 'nextFollowupAt', 'custom.region']);
    expect(mappableTargets('customer', customer).map((x) => x.key)).toEqual(['name', 'phone', 'grade', 'scale', 'tags', 'remark', 'custom.area']);
    expect(mappableTargets('contact', contact).map((x) => x.key)).toEqual(['name', 'mobile']);
  });

  it('accepts a sound mapping', () => {
    expect(mappingProblems(good, lead, targets)).toEqual([]);
  });

  it('lets text take any scalar but not a list; other kinds must match', () => {
    expect(compatible('number', 'text')).toBe(true);
    expect(compatible('select', 'text')).toBe(true);
    expect(compatible('datetime', 'text')).toBe(true);
    expect(compatible('multiselect', 'text')).toBe(false);
    expect(compatible('text', 'number')).toBe(false);
    expect(compatible('number', 'number')).toBe(true);
    expect(compatible(null, 'text')).toBe(false);
  });

  it('refuses two lead fields into one target, unknown fields and kind mismatches', () => {
    const bad = { customer: { company: 'name', name: 'name', budget: 'grade', gone: 'remark', mobile: 'number', status: 'phone' }, contact: { name: 'name' } };
    const problems = mappingProblems(bad, lead, targets);
    expect(problems.filter((p) => p.code === 'duplicateTarget').map((p) => p.leadField).sort()).toEqual(['company', 'name']);
    expect(problems).toContainEqual({ side: 'customer', code: 'kindMismatch', leadField: 'budget', target: 'grade', severity: 'error' });
    expect(problems).toContainEqual({ side: 'customer', code: 'unknownSource', leadField: 'gone', target: 'remark', severity: 'error' });
    // the lead's own bookkeeping is not carried over
    expect(problems).toContainEqual({ side: 'customer', code: 'unknownSource', leadField: 'status', target: 'phone', severity: 'error' });
    // number is filled by numbering rules, never by a mapping
    expect(problems).toContainEqual({ side: 'customer', code: 'unknownTarget', leadField: 'mobile', target: 'number', severity: 'error' });
    expect(hasErrors(problems)).toBe(true);
  });

  it('warns (but allows saving) when options would be lost or the name is not mapped', () => {
    const m = setTarget(setTarget(good, 'customer', 'custom.region', 'custom.area'), 'contact', 'name', null);
    const problems = mappingProblems(m, lead, targets);
    expect(problems).toEqual([
      { side: 'customer', code: 'optionsMismatch', leadField: 'custom.region', target: 'custom.area', severity: 'warning' },
      { side: 'contact', code: 'nameUnmapped', target: 'name', severity: 'warning' },
    ]);
    expect(hasErrors(problems)).toBe(false);
  });

  it('edits without changing the mapping it was given', () => {
    const next = setTarget(good, 'customer', 'mobile', 'phone');
    expect(next.customer).toEqual({ company: 'name', grade: 'grade', tags: 'tags', mobile: 'phone' });
    expect(good.customer).not.toHaveProperty('mobile');
    expect(setTarget(next, 'customer', 'mobile', null).customer).toEqual(good.customer);
  });
});

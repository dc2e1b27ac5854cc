import { describe, expect, it } from 'vitest';
import { conversionBody, conversionProblems, customerMatches, initialChoice, overrides, type ConversionPreview } from './conversionModel.ts';

const preview: ConversionPreview = {
  customer: { name: '星火科技有限公司', phone: '0571-88886666', industry: '制造', source: 'lead', custom: { budget: 5000 } },
  contact: { name: '张三', mobile: '13800138000', title: '采购经理' },
  duplicates: [
    { recordType: 'customer', id: 'c1', title: '星火科技', ownerName: '李四', matchedOn: ['similarName'], similarity: 0.8 },
    { recordType: 'lead', id: 'l2', title: '张三', ownerName: '王五', matchedOn: ['mobile'] },
  ],
};

describe('conversion dialog model', () => {
  it('starts as a new customer plus a contact, exactly as the mapping prefilled', () => {
    const c = initialChoice(preview);
    expect(c).toMatchObject({ customerMode: 'new', customerId: null, createContact: true });
    expect(c.customer).toEqual(preview.customer);
    expect(conversionBody(c, preview)).toEqual({ customer: { mode: 'new' }, contact: { create: true } });
  });

  it('offers no contact when the lead has nothing for one', () => {
    expect(initialChoice({ customer: { name: 'x' } }).createContact).toBe(false);
    expect(initialChoice({ customer: { name: 'x' }, contact: { name: '  ' } }).createContact).toBe(false);
  });

  it('sends only what the person changed — edits, cleared fields as null, custom fields one by one', () => {
    const values = { ...preview.customer, name: ' 星火科技 ', phone: '', industry: '制造', grade: 'A', custom: { budget: 6000 } };
    expect(overrides(values, preview.customer)).toEqual({ name: '星火科技', phone: null, grade: 'A', custom: { budget: 6000 } });
    // an untouched custom field, an undefined vs null blank: no override
    expect(overrides({ name: '星火科技有限公司', remark: undefined, custom: { budget: 5000 } }, { ...preview.customer, remark: null })).toEqual({});
  });

  it('attaches to an existing customer instead, keeping the contact choice', () => {
    const c = { ...initialChoice(preview), customerMode: 'existing' as const, customerId: 'c1', createContact: false };
    expect(conversionBody(c, preview)).toEqual({ customer: { mode: 'existing', customerId: 'c1' }, contact: { create: false } });
    const withContact = { ...c, createContact: true, contact: { ...preview.contact, title: '总经理' } };
    expect(conversionBody(withContact, preview).contact).toEqual({ create: true, values: { title: '总经理' } });
  });

  it('stops before sending what the server would refuse', () => {
    const c = initialChoice(preview);
    expect(conversionProblems(c)).toEqual([]);
    expect(conversionProblems({ ...c, customerMode: 'existing' })).toEqual(['customerRequired']);
    expect(conversionProblems({ ...c, customer: { name: ' ' } })).toEqual(['customerNameRequired']);
    expect(conversionProblems({ ...c, contact: { name: '' } })).toEqual(['contactNameRequired']);
    expect(conversionProblems({ ...c, createContact: false, contact: {} })).toEqual([]);
  });

  it('lists only existing customers as "attach to this one" candidates', () => {
    expect(customerMatches(preview).map((d) => d.id)).toEqual(['c1']);
    expect(customerMatches({ customer: {} })).toEqual([]);
  });
});

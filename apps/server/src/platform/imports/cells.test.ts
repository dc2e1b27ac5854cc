import { describe, expect, it } from 'vitest';
import { csvField, exportCell, neutraliseFormula, toBoolean, toDate, toDateTime, toNumber, toText } from './cells.ts';

const value = <T>(r: { ok: boolean; value?: T | null }) => (r.ok ? r.value : 'ERROR');
const code = (r: { ok: boolean; error?: { code: string } }) => (r.ok ? 'OK' : r.error!.code);

describe('toText', () => {
  it('turns a phone stored as a number back into its digits', () => {
    expect(value(toText(13800138000, { phone: true }))).toBe('13800138000');
    expect(value(toText(1e21))).toBe('1000000000000000000000');
    expect(value(toText('  \u200B张三\u3000 '))).toBe('张三');
    expect(value(toText(''))).toBeNull();
  });

  it('refuses a phone Excel already rounded to scientific notation', () => {
    const r = toText('1.38001E+10', { phone: true });
    expect(code(r)).toBe('PHONE_ROUNDED');
    expect(!r.ok && r.error.message).toContain('phone stored as a rounded number');
    expect(value(toText('1.38001E+10'))).toBe('1.38001E+10'); // only phones lose meaning
    expect(code(toText('abcdef', { maxLength: 3 }))).toBe('TOO_LONG');
  });
});

describe('toDate', () => {
  it.each<[unknown, string]>([
    [new Date(Date.UTC(2026, 0, 5)), '2026-01-05'],
    [46027, '2026-01-05'],
    [46027.75, '2026-01-05'],
    [20260105, '2026-01-05'],
    ['2026-01-05', '2026-01-05'],
    ['2026/1/5', '2026-01-05'],
    ['2026年1月5日', '2026-01-05'],
    ['2026.1.5', '2026-01-05'],
    ['２０２６－０１－０５', '2026-01-05'],
    ['2026-1-5 14:30', '2026-01-05'],
    ['46027', '2026-01-05'],
    ['2026-01-04T18:00:00Z', '2026-01-05'],
  ])('%s → %s', (input, expected) => {
    expect(value(toDate(input, 'Asia/Shanghai'))).toBe(expected);
  });

  it('rejects impossible and ambiguous dates', () => {
    for (const bad of ['2026-02-30', '1/5/2026', '明天', 99999999, true]) expect(code(toDate(bad))).toBe('INVALID_DATE');
    expect(value(toDate(null))).toBeNull();
  });
});

describe('toDateTime', () => {
  it.each<[unknown, string]>([
    [new Date(Date.UTC(2026, 0, 5, 14, 30)), '2026-01-05T06:30:00.000Z'], // Excel wall clock, read in Shanghai
    [46027.75, '2026-01-05T10:00:00.000Z'],
    ['2026-01-05 14:30', '2026-01-05T06:30:00.000Z'],
    ['2026/1/5 9:05:10', '2026-01-05T01:05:10.000Z'],
    ['2026年1月5日', '2026-01-04T16:00:00.000Z'],
    [20260105, '2026-01-04T16:00:00.000Z'],
    ['2026-01-05T14:30:00+01:00', '2026-01-05T13:30:00.000Z'],
  ])('%s → %s', (input, expected) => {
    expect(value(toDateTime(input, 'Asia/Shanghai'))).toBe(expected);
  });

  it('uses the organisation\'s zone and rejects what is not a time', () => {
    expect(value(toDateTime('2026-07-01 09:00', 'Europe/Berlin'))).toBe('2026-07-01T07:00:00.000Z');
    for (const bad of ['2026-01-05 25:00', '2026-02-30 10:00', '下周', true]) expect(code(toDateTime(bad))).toBe('INVALID_DATE');
    expect(value(toDateTime(''))).toBeNull();
  });
});

describe('toNumber / toBoolean', () => {
  it.each<[unknown, number]>([['¥1,234.50', 1234.5], ['1,234', 1234], ['12.5%', 0.125], ['(1,000)', -1000], ['1.5万', 15000], ['１２３', 123], [-7, -7], ['3元', 3]])('%s → %s', (input, expected) => {
    expect(value(toNumber(input))).toBe(expected);
  });

  it('rejects what is not a number', () => {
    for (const bad of ['1,23', 'abc', '¥', '1.2.3']) expect(code(toNumber(bad))).toBe('INVALID_NUMBER');
  });

  it('reads 是/否, Y/N, true/false, 1/0', () => {
    expect(['是', 'Y', 'true', '1', 1, true, 'YES'].map((v) => value(toBoolean(v)))).toEqual(Array(7).fill(true));
    expect(['否', 'n', 'FALSE', '0', 0, false].map((v) => value(toBoolean(v)))).toEqual(Array(6).fill(false));
    expect(code(toBoolean('也许'))).toBe('INVALID_BOOLEAN');
  });
});

describe('formula neutralisation for export', () => {
  it('prefixes cells Excel would run as formulas', () => {
    for (const s of ['=HYPERLINK("http://evil","x")', '+1+2', '-2+3', '@SUM(A1)', '\t=1', '\r=1']) expect(neutraliseFormula(s)).toBe(`'${s}`);
    expect(neutraliseFormula('张三 =1')).toBe('张三 =1');
    for (const s of ['+86 138-0013-8000', '-5', '-(0571) 8888']) expect(neutraliseFormula(s)).toBe(s); // nothing to run
    expect(neutraliseFormula('-1+cmd|\' /C calc\'!A0')).toBe("'-1+cmd|' /C calc'!A0");
    expect(exportCell(-5)).toBe(-5);
    expect(exportCell('=1+1')).toBe("'=1+1");
  });

  it('quotes CSV fields after neutralising', () => {
    expect(csvField('=HYPERLINK("a","b")')).toBe('"\'=HYPERLINK(""a"",""b"")"');
    expect(csvField('a,b')).toBe('"a,b"');
    expect(csvField(13800138000)).toBe('13800138000');
    expect(csvField(null)).toBe('');
  });
});

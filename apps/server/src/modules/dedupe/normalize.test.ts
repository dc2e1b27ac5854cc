import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  isValidMobile,
  nameSimilarity,
  normalizeCompanyName,
  normalizeEmail,
  normalizeMobile,
  trigrams,
  trigramSimilarity,
} from './normalize.ts';

describe('normalizeMobile', () => {
  it.each([
    ['13800138000', '13800138000'],
    ['+86 138-0013-8000', '13800138000'],
    ['(+86)13800138000', '13800138000'],
    ['（＋８６）１３８００１３８０００', '13800138000'],
    ['8613800138000', '13800138000'],
    ['008613800138000', '13800138000'],
    [' 138 0013 8000 ', '13800138000'],
    ['１３８００１３８０００', '13800138000'],
    ['138.0013.8000', '13800138000'],
    ['010-12345678', '01012345678'],
    ['(0571) 8888 6666', '057188886666'],
    ['+86 10 1234 5678', '01012345678'],
    ['+86 (0)21 1234 5678', '02112345678'],
    ['+86 571 8888 6666', '057188886666'],
    ['400-800-8888', '4008008888'],
    ['+44 20 7946 0958', '+442079460958'],
    ['0044 20 7946 0958', '+442079460958'],
    ['+1 (415) 555-2671', '+14155552671'],
  ])('%s → %s', (raw, expected) => {
    expect(normalizeMobile(raw)).toBe(expected);
  });

  it('accepts numbers as spreadsheets store them', () => {
    expect(normalizeMobile(13800138000)).toBe('13800138000');
    expect(normalizeMobile(8613800138000)).toBe('13800138000');
    expect(normalizeMobile(1.5)).toBeNull();
  });

  it.each(['', '   ', 'abc', '138-0013-800O', '12345678', '12345678901', '1380013800', '138001380001', '+', '+0123456', '+1234567890123456', '010-12345678-8001', '=HYPERLINK("x")'])(
    'rejects %j',
    (raw) => expect(normalizeMobile(raw)).toBeNull(),
  );

  it('rejects non-strings', () => {
    for (const v of [null, undefined, {}, [], true]) expect(normalizeMobile(v)).toBeNull();
  });

  it('is idempotent', () => {
    const digit = fc.constantFrom(...'0123456789');
    const sep = fc.constantFrom('', ' ', '-', '.');
    const raw = fc.tuple(fc.constantFrom('', '+86', '86', '0086', '+44'), fc.array(fc.tuple(sep, digit), { maxLength: 15 }))
      .map(([p, parts]) => p + parts.map(([s, d]) => s + d).join(''));
    fc.assert(fc.property(raw, (r) => {
      const n = normalizeMobile(r);
      return n === null || normalizeMobile(n) === n;
    }));
  });
});

describe('isValidMobile', () => {
  it('checks 1[3-9] + 9 digits after normalisation', () => {
    expect(isValidMobile('+86 138-0013-8000')).toBe(true);
    expect(isValidMobile('19912345678')).toBe(true);
    expect(isValidMobile('12912345678')).toBe(false);
    expect(isValidMobile('010-12345678')).toBe(false);
    expect(isValidMobile('+44 20 7946 0958')).toBe(false);
  });
});

describe('normalizeEmail', () => {
  it('trims, lower-cases and converts full-width', () => {
    expect(normalizeEmail('  Zhang.San+crm@Example.COM ')).toBe('zhang.san+crm@example.com');
    expect(normalizeEmail('ＺＨＡＮＧ＠ＱＱ．ＣＯＭ')).toBe('zhang@qq.com');
    expect(normalizeEmail('zhang@qq。com')).toBe('zhang@qq.com');
  });
  it('keeps dots and plus tags (no Gmail folding)', () => {
    expect(normalizeEmail('a.b+c@gmail.com')).not.toBe(normalizeEmail('ab@gmail.com'));
  });
  it.each(['', 'zhang', 'zhang@', '@qq.com', 'zhang@qq', 'a b@qq.com', 'a@@qq.com', 'a@qq..com'])('rejects %j', (raw) => {
    expect(normalizeEmail(raw)).toBeNull();
  });
});

describe('normalizeCompanyName', () => {
  it('makes legal-form and region variants equal', () => {
    const base = normalizeCompanyName('杭州云栖网络科技有限公司');
    expect(base).toBe('杭州云栖网络科技');
    for (const v of [
      '杭州云栖网络科技有限责任公司',
      '杭州云栖网络科技(中国)有限公司',
      '杭州云栖网络科技（中国）有限公司',
      '杭州云栖网络科技股份有限公司',
      '中国杭州云栖网络科技有限公司',
      ' 杭州 云栖·网络科技 有限公司 ',
      '【中国】杭州云栖网络科技集团有限公司',
      '杭州云栖网络科技有限公司(中国)',
      '杭州市云栖网络科技有限公司',
      '云栖网络科技（杭州）有限公司',
      '云栖网络科技(杭州市)有限公司',
    ]) expect(normalizeCompanyName(v), v).toBe(base);
  });

  it('moves only places out of brackets, and keeps 市 that is part of the name', () => {
    expect(normalizeCompanyName('云帆科技（集团）有限公司')).toBe('云帆科技');
    expect(normalizeCompanyName('黑龙江省北大荒农业股份有限公司')).toBe('黑龙江北大荒农业');
    expect(normalizeCompanyName('上海市')).toBe('上海市');
    expect(normalizeCompanyName('城市之光文化有限公司')).toBe('城市之光文化');
  });

  it('handles Latin names, full-width letters and legal forms as whole words', () => {
    expect(normalizeCompanyName('Acme Co., Ltd.')).toBe('acme');
    expect(normalizeCompanyName('ＡＣＭＥ　ＩＮＣ．')).toBe('acme');
    expect(normalizeCompanyName('Acme (China) Limited')).toBe('acme');
    expect(normalizeCompanyName('Acme Holdings, LLC')).toBe('acmeholdings');
    expect(normalizeCompanyName('Disco Ltd')).toBe('disco'); // not 'dis'
    expect(normalizeCompanyName('AT&T Inc.')).toBe('att');
  });

  it('never strips a name to nothing', () => {
    expect(normalizeCompanyName('有限公司')).toBe('有限公司');
    expect(normalizeCompanyName('Company')).toBe('company');
    expect(normalizeCompanyName('中国')).toBe('中国');
    expect(normalizeCompanyName('中国中国科技')).toBe(normalizeCompanyName(normalizeCompanyName('中国中国科技')));
    expect(normalizeCompanyName(null)).toBe('');
  });

  it('is idempotent', () => {
    const unit = fc.constantFrom(...'云栖科技中国有限公司集团股份责任 ()（）·,.-abcoltdinc');
    fc.assert(fc.property(fc.string({ unit, maxLength: 20 }), (s) => {
      const n = normalizeCompanyName(s);
      return normalizeCompanyName(n) === n;
    }));
  });
});

describe('trigrams / similarity (pg_trgm algorithm)', () => {
  it('matches show_trgm on ASCII (values taken from PostgreSQL)', () => {
    expect([...trigrams('Foo-Bar baz1 x')].sort()).toEqual(
      ['  b', '  f', '  x', ' ba', ' fo', ' x ', 'ar ', 'az1', 'bar', 'baz', 'foo', 'oo ', 'z1 '].sort(),
    );
    expect([...trigrams('ab_c')].sort()).toEqual(['  a', '  c', ' ab', ' c ', 'ab '].sort());
  });

  it('matches similarity() on known values', () => {
    expect(trigramSimilarity('alibaba', 'alibabacloud')).toBeCloseTo(0.5, 6);
    expect(trigramSimilarity('a', 'a')).toBe(1);
    expect(trigramSimilarity('', '')).toBe(0);
    // PGlite (ctype C.UTF-8) returns 0.45454547 here: CJK are word characters.
    expect(trigramSimilarity('杭州云栖网络科技', '杭州云栖科技')).toBeCloseTo(5 / 11, 6);
  });

  it('is symmetric, within [0,1], and 1 on equal non-empty input', () => {
    fc.assert(fc.property(fc.string({ maxLength: 12 }), fc.string({ maxLength: 12 }), (a, b) => {
      const s = trigramSimilarity(a, b);
      return s === trigramSimilarity(b, a) && s >= 0 && s <= 1 && (trigrams(a).size === 0 || trigramSimilarity(a, a) === 1);
    }));
  });

  it('nameSimilarity compares normalised names', () => {
    expect(nameSimilarity('杭州云栖网络科技有限公司', '杭州云栖网络科技(中国)有限责任公司')).toBe(1);
    expect(nameSimilarity('杭州云栖网络科技有限公司', '杭州云栖科技有限公司')).toBeCloseTo(5 / 11, 6);
    expect(nameSimilarity('杭州云栖网络科技有限公司', '深圳腾云数据服务有限公司')).toBe(0);
  });
});

import { describe, expect, it } from 'vitest';
import { formFieldCatalog } from './fields.ts';
import { EMBED_SCRIPT, escapeHtml, renderFormPage, scriptJson } from './page.ts';
import { PAGE_SCRIPT } from './pageAssets.ts';
import type { FormField } from './submission.ts';
import { checkFillToken, checkPreviewToken, issueFillToken, issuePreviewToken, MIN_FILL_MS, TOKEN_MAX_AGE_MS } from './token.ts';

const catalog = formFieldCatalog(undefined, []);
const field = (key: string, label: string | null, help: string | null = null): FormField => ({ def: catalog.find((f) => f.key === key)!, config: { key, label, required: true, help } });

describe('the public page', () => {
  const html = renderFormPage({
    row: { publicKey: 'abcDEF123456', language: 'zh-CN', title: '</title><script>alert(1)</script>', description: 'a & b\n<b>c</b>', submitLabel: null },
    fields: [field('name', '<img src=x onerror=alert(1)>', '"><svg onload=alert(2)>'), field('mobile', null)],
    token: '1.x', nonce: 'N0nce', submitUrl: '/api/v1/public/forms/abcDEF123456/submissions', embed: false, preview: false,
  });

  it('escapes every admin-written text', () => {
    expect(html).toContain('&lt;/title&gt;&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(html).toContain('&lt;img src=x onerror=alert(1)&gt;');
    expect(html).toContain('&quot;&gt;&lt;svg onload=alert(2)&gt;');
    expect(html).toContain('a &amp; b\n&lt;b&gt;c&lt;/b&gt;');
    expect(html).not.toMatch(/<img|<svg|<b>/);
    // the only executable scripts are the nonce'd one (the config is JSON, not run)
    const scripts = html.match(/<script[^>]*>/g)!;
    expect(scripts).toEqual(['<script type="application/json" id="ll-config">', '<script nonce="N0nce">']);
  });

  it('renders labels, the honeypot, the token and the default button in the form language', () => {
    expect(html).toContain('<html lang="zh-CN">');
    expect(html).toContain('<label for="f-1">手机<span class="req" aria-hidden="true">*</span></label>');
    expect(html).toContain('name="website" tabindex="-1"');
    expect(html).toContain('name="_token" value="1.x"');
    expect(html).toContain('<button type="submit">提交</button>');
  });

  it('ships scripts that parse (they are strings here, so a typo would only show in a browser)', () => {
    expect(() => new Function(PAGE_SCRIPT)).not.toThrow();
    expect(() => new Function(EMBED_SCRIPT)).not.toThrow();
  });

  it('keeps JSON inside a script element harmless', () => {
    expect(scriptJson({ a: '</script><script>x</script>\u2028' })).toBe('{"a":"\\u003c/script\\u003e\\u003cscript\\u003ex\\u003c/script\\u003e\\u2028"}');
    expect(escapeHtml(`<>&"'`)).toBe('&lt;&gt;&amp;&quot;&#39;');
  });
});

describe('tokens', () => {
  const secret = 's3cret';
  it('refuses a page filled too fast, a stale or forged token, and accepts a person-paced one', () => {
    const now = 1_800_000_000_000;
    expect(checkFillToken(secret, issueFillToken(secret, now - 500), now)).toBe('tooFast');
    expect(checkFillToken(secret, issueFillToken(secret, now - MIN_FILL_MS), now)).toBe('ok');
    expect(checkFillToken(secret, issueFillToken(secret, now - TOKEN_MAX_AGE_MS - 1), now)).toBe('expired');
    expect(checkFillToken('other', issueFillToken(secret, now - 10_000), now)).toBe('invalid');
    const [t, mac] = issueFillToken(secret, now - 10_000).split('.');
    expect(checkFillToken(secret, `${Number(t) - 60_000}.${mac}`, now)).toBe('invalid'); // back-dating breaks the signature
    expect(checkFillToken(secret, null, now)).toBe('missing');
    expect(checkFillToken(secret, 'garbage', now)).toBe('invalid');
  });

  it('lets a preview link live for an hour', () => {
    const now = 1_800_000_000_000;
    const p = issuePreviewToken(secret, now);
    expect(checkPreviewToken(secret, p, now + 59 * 60_000)).toBe(true);
    expect(checkPreviewToken(secret, p, now + 61 * 60_000)).toBe(false);
    expect(checkPreviewToken('other', p, now)).toBe(false);
    expect(checkPreviewToken(secret, undefined, now)).toBe(false);
  });
});

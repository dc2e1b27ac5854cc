import { extractText, getDocumentProxy } from 'unpdf';
import { describe, expect, it } from 'vitest';
import { renderPdf } from './pdf.ts';

// A 1×1 red PNG.
const PNG = 'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8DwHwAFBQIAX8jx0gAAAABJRU5ErkJggg==';

async function textOf(pdf: Buffer): Promise<string> {
  const doc = await getDocumentProxy(new Uint8Array(pdf));
  const { text } = await extractText(doc, { mergePages: true });
  return text;
}

describe('renderPdf', () => {
  it('embeds the Chinese font so the text extracts back', async () => {
    const pdf = await renderPdf({ content: [{ text: '报价单 上海云启科技有限公司', bold: true }, '价税合计：壹万贰仟叁佰肆拾伍元整'] });
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
    const text = await textOf(pdf);
    expect(text).toContain('报价单');
    expect(text).toContain('上海云启科技有限公司');
    expect(text).toContain('壹万贰仟叁佰肆拾伍元整');
    expect(pdf.includes('FontFile3')).toBe(true);
  });

  it('takes images from buffers and data URLs, never from a path or URL', async () => {
    const withImage = await renderPdf({ images: { logo: Buffer.from(PNG, 'base64') as never }, content: [{ image: 'logo', width: 20 }, 'x'] });
    expect(withImage.includes('/Subtype /Image')).toBe(true);
    const dataUrl = await renderPdf({ images: { logo: `data:image/png;base64,${PNG}` }, content: [{ image: 'logo', width: 20 }] });
    expect(dataUrl.includes('/Subtype /Image')).toBe(true);
    await expect(renderPdf({ images: { logo: '/etc/passwd' }, content: [{ image: 'logo' }] })).rejects.toThrow();
    await expect(renderPdf({ content: [{ image: 'https://example.com/a.png' }] })).rejects.toThrow();
  });
});

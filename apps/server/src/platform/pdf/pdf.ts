/**
 * PDF rendering (pdfmake on the server) with a Chinese font embedded (Noto Sans Hans from the npm
 * package @embedpdf/fonts-sc), so every document prints Chinese the same on every machine.
 *
 * The font files are read once per process into pdfmake's in-memory file system; local file and URL
 * access are refused, so a document can only use images given as buffers or data URLs.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import pdfmake from 'pdfmake';
import type { TDocumentDefinitions } from 'pdfmake/interfaces';

export const PDF_FONT = 'NotoSansSC';

let ready = false;

function setUp(): void {
  if (ready) return;
  const require = createRequire(import.meta.url);
  // The package exports only its entry (dist/index.cjs); the .otf files sit in ../fonts beside it.
  const dir = path.join(path.dirname(require.resolve('@embedpdf/fonts-sc')), '..', 'fonts');
  const vfs = (pdfmake as unknown as { virtualfs: { writeFileSync(name: string, content: Buffer): void } }).virtualfs;
  vfs.writeFileSync('loopline-fonts/NotoSansHans-Regular.otf', readFileSync(path.join(dir, 'NotoSansHans-Regular.otf')));
  vfs.writeFileSync('loopline-fonts/NotoSansHans-Bold.otf', readFileSync(path.join(dir, 'NotoSansHans-Bold.otf')));
  pdfmake.setFonts({
    [PDF_FONT]: {
      normal: 'loopline-fonts/NotoSansHans-Regular.otf',
      bold: 'loopline-fonts/NotoSansHans-Bold.otf',
      italics: 'loopline-fonts/NotoSansHans-Regular.otf',
      bolditalics: 'loopline-fonts/NotoSansHans-Bold.otf',
    },
  });
  pdfmake.setUrlAccessPolicy(() => false);
  (pdfmake as unknown as { setLocalAccessPolicy(cb: (p: string) => boolean): void }).setLocalAccessPolicy(() => false);
  ready = true;
}

/** Only buffers and data URLs of PNG/JPEG images: anything else (a path, a URL) is dropped. */
function safeImages(images: TDocumentDefinitions['images']): Record<string, string> | undefined {
  if (!images) return undefined;
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries(images)) {
    if (Buffer.isBuffer(value)) out[key] = `data:image/png;base64,${value.toString('base64')}`;
    else if (typeof value === 'string' && /^data:image\/(png|jpe?g);base64,/i.test(value)) out[key] = value;
  }
  return out;
}

/** Renders a pdfmake document definition; the default font is the embedded CJK font ('NotoSansSC'). */
export async function renderPdf(doc: TDocumentDefinitions): Promise<Buffer> {
  setUp();
  const definition: TDocumentDefinitions = {
    ...doc,
    images: safeImages(doc.images),
    defaultStyle: { ...(doc.defaultStyle ?? {}), font: PDF_FONT },
    info: { producer: 'Loopline', creator: 'Loopline', ...(doc.info ?? {}) },
  };
  const out = pdfmake.createPdf(definition) as unknown as { getBuffer(): Promise<Buffer> };
  return Buffer.from(await out.getBuffer());
}

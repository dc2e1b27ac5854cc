/**
 * PDF rendering (pdfmake on the server) with a Chinese font embedded (Noto Sans Hans from the npm
 * package @embedpdf/fonts-sc), so every document prints Chinese the same on every machine.
 */
import type { TDocumentDefinitions } from 'pdfmake/interfaces';

/** Renders a pdfmake document definition; the default font is the embedded CJK font ('NotoSansSC'). */
export async function renderPdf(_doc: TDocumentDefinitions): Promise<Buffer> {
  throw new Error('PLACEHOLDER (print templates owner): renderPdf');
}

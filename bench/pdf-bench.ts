/**
 * PDF generation benchmark (issue 6), recorded in docs/benchmarks.md: a 50-line quote through the
 * built-in 报价单 print template — parse the template, fill it (renderTemplate), lay it out and write
 * the PDF with the Noto Sans Hans subset embedded (renderPdf) — in this process, no database, no
 * HTTP: the cost of the print path itself. 50 sequential runs after a warm-up (the first run loads
 * the 8 MB font files once per process); p50/p95/max, the PDF's size and pages, and the process RSS.
 * bench/quote-pdf-bench.ts measures the same through GET /quotes/:id/pdf (loader + database + HTTP).
 *
 *   npx tsx bench/pdf-bench.ts
 * Knobs: BENCH_PDF_LINES (default 50), BENCH_PDF_RUNS (default 50).
 */
import os from 'node:os';
import { getDocumentProxy } from 'unpdf';
import { DEFAULT_PRINT_TEMPLATES, renderTemplate, type PrintTemplateData } from '@loopline/shared';
import type { TDocumentDefinitions } from 'pdfmake/interfaces';
import { renderPdf } from '../apps/server/src/platform/pdf/pdf.ts';
import { latencyStats } from './lib/freshDb.ts';

const int = (name: string, d: number) => Number(process.env[name] ?? d);
const LINES = int('BENCH_PDF_LINES', 50);
const RUNS = int('BENCH_PDF_RUNS', 50);
const mb = (n: number) => Math.round(n / 2 ** 20);
// a 1×1 PNG: the logo path (data URL → image XObject) without a large image dominating the time
const LOGO = 'data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8DwHwAFBQIAX8jx0gAAAABJRU5ErkJggg==';

const stats = latencyStats;

function data(): PrintTemplateData {
  const yuan = (fen: number) => `¥${(fen / 100).toLocaleString('en-US', { minimumFractionDigits: 2 })}`;
  let total = 0;
  const lines = Array.from({ length: LINES }, (_, i) => {
    const price = 100_000 + i * 3_750;
    const qty = 1 + (i % 7);
    total += price * qty;
    return {
      productCode: `LL-${1000 + i}`, productName: `产品 ${i + 1} · 工业级交换机 ${['24口', '48口', '万兆'][i % 3]}`, specification: `型号 LL-${1000 + i}`,
      unit: '台', salePrice: yuan(price), quantity: String(qty), taxRate: '13%', totalAmount: yuan(price * qty),
    };
  });
  return {
    title: '报价单',
    fields: {
      number: 'BJ202611230001', title: `${LINES} 行报价单基准`, customerName: '上海浦东基准客户有限公司', contactName: '王经理', contactPhone: '13800000000',
      ownerName: '陈静', ownerMobile: '13900000000', quoteDate: '2026-11-23', validUntil: '2026-12-23',
      grossAmount: yuan(total), discountAmount: '¥0.00', taxAmount: yuan(Math.round((total * 13) / 113)), totalAmount: yuan(total), terms: '报价含税。'.repeat(20),
    },
    lines,
    org: { name: '杭州基准测试科技有限公司', logo: LOGO },
    today: '2026-11-23',
  };
}

async function once(d: PrintTemplateData) {
  const s = performance.now();
  const doc = renderTemplate(DEFAULT_PRINT_TEMPLATES.quote.body, d, { pageSize: 'A4' });
  const pdf = await renderPdf(doc as unknown as TDocumentDefinitions);
  return { ms: performance.now() - s, pdf };
}

async function run() {
  const d = data();
  const rssStart = process.memoryUsage().rss;
  const first = await once(d);
  const pages = (await getDocumentProxy(new Uint8Array(first.pdf))).numPages;
  const times: number[] = [];
  let rssPeak = process.memoryUsage().rss;
  for (let i = 0; i < RUNS; i++) {
    times.push((await once(d)).ms);
    rssPeak = Math.max(rssPeak, process.memoryUsage().rss);
  }
  const result = {
    lines: LINES, runs: RUNS, pages, pdfKb: Math.round(first.pdf.length / 1024), firstMs: Math.round(first.ms), ms: stats(times),
    rssMb: { start: mb(rssStart), peak: mb(rssPeak), end: mb(process.memoryUsage().rss) },
    machine: { nproc: os.cpus().length, cpu: os.cpus()[0]?.model ?? '?', memGb: Math.round(os.totalmem() / 2 ** 30), node: process.version },
  };
  console.log(`PDF of a ${LINES}-line quote through the built-in template (renderTemplate + renderPdf, in process): ${pages} pages, ${result.pdfKb} KB; `
    + `first ${result.firstMs} ms (loads the fonts), then p50 ${result.ms.p50} ms, p95 ${result.ms.p95} ms, max ${result.ms.max} ms over ${RUNS} runs; `
    + `RSS ${result.rssMb.start} MB at start, ${result.rssMb.peak} MB peak, ${result.rssMb.end} MB at the end`);
  console.log(JSON.stringify(result));
  return result;
}

run().catch((err) => {
  console.error(err);
  process.exit(1);
});

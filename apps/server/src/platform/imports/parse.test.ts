import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { ImportFileError, parseSpreadsheet } from './parse.ts';

async function xlsx(build: (ws: ExcelJS.Worksheet, wb: ExcelJS.Workbook) => void): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  build(wb.addWorksheet('客户'), wb);
  return Buffer.from(await wb.xlsx.writeBuffer());
}

async function failure(p: Promise<unknown>): Promise<ImportFileError> {
  try { await p; } catch (e) { if (e instanceof ImportFileError) return e; throw e; }
  throw new Error('expected an ImportFileError');
}

// GBK byte sequences for a few characters (Node can decode GBK but not encode it)
const GBK: Record<string, string> = { 客户: 'bfcdbba7', 名称: 'c3fbb3c6', 手机: 'cad6bbfa', 张三: 'd5c5c8fd', 公司: 'b9abcbbe', 姓名: 'd0d5c3fb' };
// characters outside the table must be ASCII: latin1-encoding others would produce stray bytes
const gbk = (s: string) => Buffer.concat(s.split(/(客户|名称|手机|张三|公司|姓名)/).map((p) => (GBK[p] ? Buffer.from(GBK[p], 'hex') : Buffer.from(p, 'latin1'))));

describe('parseSpreadsheet: xlsx as people make them', () => {
  it('skips a merged title row and a blank row, keeps Excel row numbers, reads values not formulas', async () => {
    const buf = await xlsx((ws) => {
      ws.getCell('A1').value = '2026年客户名单';
      ws.mergeCells('A1:F1');
      ws.addRow([]);
      ws.getRow(3).values = ['公司名称', '联系人', '手机', '签约日期', '金额', '电话'];
      ws.getRow(4).values = ['华东贸易有限公司', { richText: [{ text: '张' }, { text: '三', font: { bold: true } }] }, 13800138000, new Date(Date.UTC(2026, 0, 5)), { formula: 'B9*2', result: 2469 }, '021-1234567'];
      ws.getRow(5).values = [{ text: '官网公司', hyperlink: 'https://example.com' }, '李四', '13900139000', '2026/1/6', 10, null];
      ws.getCell('D6').value = 46027; ws.getCell('D6').numFmt = 'yyyy-mm-dd'; ws.getCell('A6').value = '第三家';
      ws.getCell('A8').value = '空行之后';
    });
    const out = await parseSpreadsheet(buf, { fileName: '客户.xlsx' });
    expect(out.sheetName).toBe('客户');
    expect(out.headerRow).toBe(3);
    expect(out.headers).toEqual(['公司名称', '联系人', '手机', '签约日期', '金额', '电话']);
    expect(out.rows.map((r) => r.rowNumber)).toEqual([4, 5, 6, 8]);
    expect(out.rows[0].cells).toEqual(['华东贸易有限公司', '张三', 13800138000, new Date(Date.UTC(2026, 0, 5)), 2469, '021-1234567']);
    expect(out.rows[1].cells[0]).toBe('官网公司');
    expect(out.rows[2].cells[3]).toEqual(new Date(Date.UTC(2026, 0, 5))); // serial with a date format → Date
  });

  it('disambiguates duplicate headers, names headerless data columns and drops empty ones', async () => {
    const buf = await xlsx((ws) => {
      ws.addRow(['姓名', '电话', null, '电话', null]);
      ws.addRow(['张三', '010-1', 'x', '010-2', null]);
    });
    const out = await parseSpreadsheet(buf, { fileName: 'a.xlsx' });
    expect(out.headers).toEqual(['姓名', '电话', '列C', '电话 (2)']);
    expect(out.rows[0].cells).toEqual(['张三', '010-1', 'x', '010-2']);
  });

  it('uses the header right under a title row when there is no blank row between', async () => {
    const buf = await xlsx((ws) => {
      ws.addRow(['客户名单']);
      ws.mergeCells('A1:C1');
      ws.addRow(['姓名', '手机', '城市']);
      ws.addRow(['张三', '13800138000', '上海']);
    });
    expect((await parseSpreadsheet(buf, { fileName: 'a.xlsx' })).headerRow).toBe(2);
  });

  it('skips a hidden sheet of drop-down lists and reads the first visible one', async () => {
    const wb = new ExcelJS.Workbook();
    const lists = wb.addWorksheet('选项');
    lists.addRow(['A']); lists.addRow(['B']);
    lists.state = 'hidden';
    wb.addWorksheet('空白');
    const data = wb.addWorksheet('线索');
    data.addRow(['姓名', '手机']); data.addRow(['张三', 13800138000]);
    const out = await parseSpreadsheet(Buffer.from(await wb.xlsx.writeBuffer()), { fileName: 'a.xlsx' });
    expect(out.sheetName).toBe('线索');
    expect(out.rows).toEqual([{ rowNumber: 2, cells: ['张三', 13800138000] }]);
  });

  it('keeps every Chinese character intact in a large sheet (no text cut at internal chunk boundaries)', async () => {
    const words = ['促销', '搜索引擎', '转介绍', '线上询价', '电话咨询', '杭州云帆科技有限公司'];
    const buf = await xlsx((ws) => {
      ws.addRow(['姓名', '来源', '公司']);
      for (let i = 0; i < 6000; i++) ws.addRow([`客户${i}号`, words[i % 6], `${words[(i + 3) % 6]}${i}`]);
    });
    const out = await parseSpreadsheet(buf, { fileName: 'big.xlsx' });
    const bad = out.rows.filter((r, i) => r.cells[0] !== `客户${i}号` || r.cells[1] !== words[i % 6] || r.cells[2] !== `${words[(i + 3) % 6]}${i}`);
    expect(bad).toEqual([]);
  });

  it('rejects more than maxRows data rows', async () => {
    const buf = await xlsx((ws) => { ws.addRow(['姓名']); for (let i = 0; i < 30; i++) ws.addRow([`人${i}`]); });
    expect((await failure(parseSpreadsheet(buf, { fileName: 'a.xlsx', maxRows: 10 }))).code).toBe('TOO_MANY_ROWS');
    expect((await parseSpreadsheet(buf, { fileName: 'a.xlsx', maxRows: 30 })).rows).toHaveLength(30);
  });

  it('reports a header-only template and a sheet without a header', async () => {
    const template = await xlsx((ws) => { ws.addRow(['姓名', '手机']); });
    expect((await failure(parseSpreadsheet(template, { fileName: 'a.xlsx' }))).code).toBe('EMPTY_FILE');
    const numbers = await xlsx((ws) => { for (let i = 0; i < 5; i++) ws.addRow([1, 2, 3]); });
    expect((await failure(parseSpreadsheet(numbers, { fileName: 'a.xlsx' }))).code).toBe('NO_HEADER');
  });
});

describe('parseSpreadsheet: wrong files', () => {
  it.each([
    ['a PDF renamed .xlsx', Buffer.from('%PDF-1.7\n1 0 obj'), 'x.xlsx', 'UNSUPPORTED_FILE_TYPE'],
    ['a legacy .xls (CFB)', Buffer.concat([Buffer.from('d0cf11e0a1b11ae1', 'hex'), Buffer.alloc(512)]), 'x.xls', 'UNSUPPORTED_FILE_TYPE'],
    ['an HTML table named .xls', Buffer.from('<html><table><tr><td>姓名</td></tr></table></html>'), 'x.xls', 'UNSUPPORTED_FILE_TYPE'],
    ['a zip that is not a workbook', Buffer.concat([Buffer.from('504b0304', 'hex'), Buffer.from('word/document.xml')]), 'x.xlsx', 'UNSUPPORTED_FILE_TYPE'],
    ['a damaged xlsx', Buffer.concat([Buffer.from('504b0304', 'hex'), Buffer.from('xl/workbook.xml garbage')]), 'x.xlsx', 'MALFORMED_FILE'],
    ['a text file with another extension', Buffer.from('a,b\n1,2\n'), 'x.docx', 'UNSUPPORTED_FILE_TYPE'],
    ['an empty file', Buffer.alloc(0), 'x.csv', 'EMPTY_FILE'],
    ['a BOM and nothing else', Buffer.from('efbbbf', 'hex'), 'x.csv', 'EMPTY_FILE'],
    ['an unclosed quote', Buffer.from('姓名,备注\n张三,"没有结束\n'), 'x.csv', 'MALFORMED_FILE'],
  ])('%s', async (_name, buf, fileName, code) => {
    const err = await failure(parseSpreadsheet(buf, { fileName }));
    expect(err.code).toBe(code);
    expect(err.message).toMatch(/[\u4e00-\u9fff].* \/ [a-z]/i); // bilingual
  });

  it('rejects a file over maxBytes before looking inside', async () => {
    const err = await failure(parseSpreadsheet(Buffer.alloc(51 * 1024 * 1024, 0x61), { fileName: 'big.csv' }));
    expect(err.code).toBe('FILE_TOO_LARGE');
    expect(err.details).toMatchObject({ maxBytes: 20 * 1024 * 1024 });
  });
});

describe('parseSpreadsheet: CSV encodings and dialects', () => {
  const rows = (s: { rows: { cells: unknown[] }[] }) => s.rows.map((r) => r.cells);

  it('reads UTF-8 with a BOM, RFC 4180 quotes with embedded newlines and doubled quotes', async () => {
    const csv = '\uFEFF姓名,备注,手机\r\n张三,"第一行\r\n第二行，含""引号""",13800138000\r\n李四,,\r\n';
    const out = await parseSpreadsheet(Buffer.from(csv), { fileName: 'a.csv' });
    expect(out.headers).toEqual(['姓名', '备注', '手机']);
    expect(rows(out)).toEqual([['张三', '第一行\r\n第二行，含"引号"', '13800138000'], ['李四', null, null]]);
    expect(out.rows.map((r) => r.rowNumber)).toEqual([2, 3]);
  });

  it('reads UTF-16LE and UTF-16BE with a BOM, tab-delimited (Excel "Unicode text")', async () => {
    const text = '姓名\t城市\n张三\t上海\n';
    const le = Buffer.concat([Buffer.from('fffe', 'hex'), Buffer.from(text, 'utf16le')]);
    const be = Buffer.from(le.subarray(2)).swap16();
    for (const buf of [le, Buffer.concat([Buffer.from('feff', 'hex'), be])]) {
      expect(rows(await parseSpreadsheet(buf, { fileName: 'a.txt' }))).toEqual([['张三', '上海']]);
    }
  });

  it('reads GBK saved by Excel/WPS in China, with a semicolon delimiter and a title line', async () => {
    const buf = gbk('客户名称;;\r\n\r\n公司;姓名;手机\r\nA公司;张三;13800138000\r\n');
    const out = await parseSpreadsheet(buf, { fileName: 'gbk.csv' });
    expect(out.headerRow).toBe(3);
    expect(out.headers).toEqual(['公司', '姓名', '手机']);
    expect(rows(out)).toEqual([['A公司', '张三', '13800138000']]);
  });

  it('honours Excel\'s sep= hint', async () => {
    const out = await parseSpreadsheet(Buffer.from('sep=|\n姓名|城市\n张三|上海,浦东\n'), { fileName: 'a.csv' });
    expect(rows(out)).toEqual([['张三', '上海,浦东']]);
  });

  it('refuses a file mixing UTF-8 and GBK, naming the first bad line', async () => {
    const buf = Buffer.concat([Buffer.from('姓名,手机\n张三,13800138000\n李四,13900139000\n'), gbk('张三,13700137000\n')]);
    const err = await failure(parseSpreadsheet(buf, { fileName: 'merged.csv' }));
    expect(err.code).toBe('MIXED_ENCODING');
    expect(err.details).toMatchObject({ line: 4, fileEncoding: 'utf-8' });
    expect(err.message).toContain('第 4 行');
  });

  it('names the UTF-8 line when most of the file is GBK', async () => {
    const buf = Buffer.concat([gbk('姓名,手机\n张三,1\n张三,2\n'), Buffer.from('王五,3\n')]);
    expect((await failure(parseSpreadsheet(buf, { fileName: 'a.csv' }))).details).toMatchObject({ line: 4, fileEncoding: 'gb18030' });
  });

  it('stops at maxRows without building the whole file', async () => {
    const csv = '姓名\n' + Array.from({ length: 50 }, (_, i) => `人${i}`).join('\n');
    expect((await failure(parseSpreadsheet(Buffer.from(csv), { fileName: 'a.csv', maxRows: 20 }))).code).toBe('TOO_MANY_ROWS');
  });
});

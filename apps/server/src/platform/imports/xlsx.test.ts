/**
 * The reader against workbooks other programs write — namespace prefixes, cells without
 * references, inline strings, phonetic guides, the 1904 date system — built by hand as zip files.
 */
import zlib from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { readXlsxRows, XlsxError } from './xlsx.ts';

/** A zip of the given entries: deflated, or stored (method 0) when `stored` is set. */
function zip(files: Record<string, string>, stored = false): Buffer {
  const locals: Buffer[] = [];
  const central: Buffer[] = [];
  let offset = 0;
  for (const [name, content] of Object.entries(files)) {
    const raw = Buffer.from(content, 'utf8');
    const data = stored ? raw : zlib.deflateRawSync(raw);
    const n = Buffer.from(name);
    const head = Buffer.alloc(30);
    head.writeUInt32LE(0x04034b50, 0); head.writeUInt16LE(stored ? 0 : 8, 8); head.writeUInt32LE(zlib.crc32(raw), 14);
    head.writeUInt32LE(data.length, 18); head.writeUInt32LE(raw.length, 22); head.writeUInt16LE(n.length, 26);
    const dir = Buffer.alloc(46);
    dir.writeUInt32LE(0x02014b50, 0); dir.writeUInt16LE(stored ? 0 : 8, 10); dir.writeUInt32LE(zlib.crc32(raw), 16);
    dir.writeUInt32LE(data.length, 20); dir.writeUInt32LE(raw.length, 24); dir.writeUInt16LE(n.length, 28); dir.writeUInt32LE(offset, 42);
    locals.push(head, n, data);
    central.push(dir, n);
    offset += 30 + n.length + data.length;
  }
  const cd = Buffer.concat(central);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0); end.writeUInt16LE(central.length / 2, 8); end.writeUInt16LE(central.length / 2, 10);
  end.writeUInt32LE(cd.length, 12); end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, cd, end]);
}

const NS = 'xmlns:x="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"';
const book = (sheets: string, pr = '') => `<?xml version="1.0"?><x:workbook ${NS}>${pr}<x:sheets>${sheets}</x:sheets></x:workbook>`;
const rels = (n: number) => `<Relationships>${Array.from({ length: n }, (_, i) => `<Relationship Id="rId${i + 1}" Type="…/worksheet" Target="worksheets/sheet${i + 1}.xml"/>`).join('')}</Relationships>`;
const sheet = (rows: string) => `<x:worksheet ${NS}><x:sheetData>${rows}</x:sheetData></x:worksheet>`;
const styles = `<styleSheet><numFmts count="1"><numFmt numFmtId="180" formatCode="yyyy&quot;年&quot;m&quot;月&quot;d&quot;日&quot;"/></numFmts>
  <cellXfs count="4"><xf numFmtId="0"/><xf numFmtId="180"/><xf numFmtId="31"/><xf numFmtId="49"/></cellXfs></styleSheet>`;
const fail = () => new Error('too many');

describe('readXlsxRows', () => {
  it('reads prefixed tags, shared and inline strings, booleans, errors, formula text and dates', () => {
    const buf = zip({
      'xl/workbook.xml': book('<x:sheet name="名单" sheetId="1" r:id="rId1"/>'),
      'xl/_rels/workbook.xml.rels': rels(1),
      'xl/styles.xml': styles,
      'xl/sharedStrings.xml': `<x:sst><x:si><x:t>姓名</x:t></x:si><x:si><x:r><x:t>张</x:t></x:r><x:r><x:rPr/><x:t xml:space="preserve">三 </x:t></x:r><x:rPh><x:t>ちょう</x:t></x:rPh></x:si>
        <x:si><x:t>A&amp;B_x000D_&#x4E2D;</x:t></x:si></x:sst>`,
      'xl/worksheets/sheet1.xml': sheet(`<x:row r="1"><x:c r="A1" t="s"><x:v>0</x:v></x:c></x:row>
        <x:row r="3"><x:c r="A3" t="s"><x:v>1</x:v></x:c><x:c r="C3" t="inlineStr"><x:is><x:t>内联</x:t></x:is></x:c><x:c r="D3" t="b"><x:v>1</x:v></x:c>
          <x:c r="E3" t="e"><x:v>#N/A</x:v></x:c><x:c r="F3" t="str"><x:f>B3&amp;"x"</x:f><x:v>算出</x:v></x:c><x:c r="G3" s="1"><x:v>46027</x:v></x:c>
          <x:c r="H3" s="2"><x:v>46027.5</x:v></x:c><x:c r="I3" s="3"><x:v>13800138000</x:v></x:c><x:c r="J3" t="s"><x:v>2</x:v></x:c></x:row>`),
    });
    expect(readXlsxRows(buf, 100, fail)).toEqual({
      sheetName: '名单',
      rows: [
        { rowNumber: 1, cells: ['姓名'] },
        { rowNumber: 3, cells: ['张三 ', null, '内联', true, '#N/A', '算出', new Date(Date.UTC(2026, 0, 5)), new Date(Date.UTC(2026, 0, 5, 12)), 13800138000, 'A&B\r中'] },
      ],
    });
  });

  it('places cells without references in order, skips hidden sheets, honours the 1904 date system and stored entries', () => {
    const buf = zip({
      'xl/workbook.xml': book('<x:sheet name="lists" sheetId="1" state="hidden" r:id="rId1"/><x:sheet name="数据" sheetId="2" r:id="rId2"/>', '<x:workbookPr date1904="1"/>'),
      'xl/_rels/workbook.xml.rels': rels(2),
      'xl/styles.xml': styles,
      'xl/worksheets/sheet1.xml': sheet('<x:row><x:c t="inlineStr"><x:is><x:t>隐藏</x:t></x:is></x:c></x:row>'),
      'xl/worksheets/sheet2.xml': sheet('<x:row><x:c t="inlineStr"><x:is><x:t>a</x:t></x:is></x:c><x:c/><x:c><x:v>2</x:v></x:c></x:row><x:row><x:c s="1"><x:v>44566</x:v></x:c></x:row>'),
    }, true);
    expect(readXlsxRows(buf, 100, fail)).toEqual({
      sheetName: '数据',
      rows: [{ rowNumber: 1, cells: ['a', null, 2] }, { rowNumber: 2, cells: [new Date(Date.UTC(2026, 0, 6))] }],
    });
  });

  it('stops at the row limit and refuses what is not a workbook', () => {
    const rows = Array.from({ length: 30 }, (_, i) => `<x:row r="${i + 1}"><x:c t="inlineStr"><x:is><x:t>r${i}</x:t></x:is></x:c></x:row>`).join('');
    const buf = zip({ 'xl/workbook.xml': book('<x:sheet name="s" sheetId="1" r:id="rId1"/>'), 'xl/_rels/workbook.xml.rels': rels(1), 'xl/worksheets/sheet1.xml': sheet(rows) });
    expect(() => readXlsxRows(buf, 10, fail)).toThrow('too many');
    expect(readXlsxRows(buf, 30, fail)?.rows).toHaveLength(30);
    expect(() => readXlsxRows(zip({ 'word/document.xml': '<w/>' }), 10, fail)).toThrow(XlsxError);
    expect(() => readXlsxRows(Buffer.from('PK\x03\x04 not really a zip'), 10, fail)).toThrow(XlsxError);
  });
});

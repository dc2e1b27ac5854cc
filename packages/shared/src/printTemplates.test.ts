import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  checkTemplate, decodeEntities, DEFAULT_PRINT_TEMPLATES, defaultTemplateFields, parseTemplate, PRINT_LINE_COLUMNS, PRINT_RECORD_TYPES,
  renderTemplate, resolvePlaceholder, upperOf, type PdfNode, type PrintTemplateData,
} from './printTemplates.ts';

const LOGO = 'data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8DwHwAFBQIAX8jx0gAAAABJRU5ErkJggg==';

const data = (over: Partial<PrintTemplateData> = {}): PrintTemplateData => ({
  title: '报价单 BJ001',
  fields: { number: 'BJ001', customerName: '上海云启科技', totalAmount: '¥12,345.60', amount: '¥100.00', title: '年度采购' },
  lines: [
    { productName: '服务器', quantity: '2', totalAmount: '¥10,000.00' },
    { productName: '交换机', quantity: '1', totalAmount: '¥2,345.60' },
  ],
  org: { name: '星火科技', logo: LOGO },
  today: '2026-11-23',
  ...over,
});

/** All printed text of a pdfmake node tree, in order. */
function textOf(node: unknown): string {
  if (typeof node === 'string') return node;
  if (Array.isArray(node)) return node.map(textOf).join('');
  if (node && typeof node === 'object') {
    const o = node as Record<string, unknown>;
    if ('text' in o) return textOf(o.text);
    if ('stack' in o) return textOf(o.stack);
    if ('table' in o) return ((o.table as { body: unknown[][] }).body).map((r) => r.map(textOf).join('|')).join('\n');
  }
  return '';
}
const printed = (body: string, d = data()) => textOf(renderTemplate(body, d).content);
const tables = (nodes: PdfNode[]): Record<string, unknown>[] => {
  const out: Record<string, unknown>[] = [];
  const walk = (n: unknown) => {
    if (Array.isArray(n)) n.forEach(walk);
    else if (n && typeof n === 'object') {
      const o = n as Record<string, unknown>;
      if ('table' in o) {
        out.push(o);
        (o.table as { body: unknown[][] }).body.forEach((r) => r.forEach(walk));
      }
      if ('stack' in o) walk(o.stack);
    }
  };
  walk(nodes);
  return out;
};
const codes = (body: string, known?: Parameters<typeof checkTemplate>[1]) => checkTemplate(body, known).map((p) => p.code);
const known = { fields: ['number', 'customerName', 'totalAmount', 'amount'], lineColumns: PRINT_LINE_COLUMNS.map((c) => c.key).filter((k) => k !== 'index') };

describe('parsing', () => {
  it('builds a tree of elements, text and placeholders', () => {
    const { nodes, problems } = parseTemplate('<h1>报价单 {{number}}</h1><p align="center">a<br/>b</p>');
    expect(problems).toEqual([]);
    expect(nodes).toMatchObject([
      { kind: 'element', tag: 'h1', children: [{ kind: 'text', text: '报价单 ' }, { kind: 'placeholder', path: 'number' }] },
      { kind: 'element', tag: 'p', attrs: { align: 'center' }, children: [{ text: 'a' }, { tag: 'br' }, { text: 'b' }] },
    ]);
  });

  it('treats {{#lines}} and <lines> alike', () => {
    const a = parseTemplate('{{#lines}}{{productName}}{{/lines}}');
    const b = parseTemplate('<lines>{{productName}}</lines>');
    expect(a.problems).toEqual([]);
    expect(b.problems).toEqual([]);
    expect(a.nodes[0]).toMatchObject({ kind: 'element', tag: 'lines', children: [{ kind: 'placeholder', path: 'productName' }] });
    expect(b.nodes[0]).toMatchObject({ kind: 'element', tag: 'lines', children: [{ kind: 'placeholder', path: 'productName' }] });
  });

  it('decodes entities, skips comments, keeps a lone < and {{ as text', () => {
    expect(decodeEntities('&lt;b&gt; &amp; &quot;x&quot; &#25253; &#x4EF7; &bogus; &#xD800;')).toBe('<b> & "x" 报 价 &bogus; &#xD800;');
    expect(printed('<p>a <!-- hidden {{number}} --> b</p>')).toBe('a b');
    expect(printed('<p>1 < 2 and {{ not closed</p>')).toBe('1 < 2 and {{ not closed');
    expect(printed('<p>&lt;script&gt;</p>')).toBe('<script>');
  });

  it('is case-insensitive about tags and tolerates attribute quoting styles', () => {
    const { nodes, problems } = parseTemplate(`<TD COLSPAN=2 align='right' width="80">x</TD>`);
    expect(problems.map((p) => p.code)).toEqual(['MISPLACED']); // a cell outside a row
    expect(nodes[0]).toMatchObject({ tag: 'td', attrs: { colspan: '2', align: 'right', width: '80' } });
  });
});

describe('problems, with positions for the editor', () => {
  it('reports unknown tags and attributes at their line and column', () => {
    const problems = checkTemplate('<p>ok</p>\n  <marquee>x</marquee>\n<p style="color:red" onclick="x">y</p>');
    expect(problems).toMatchObject([
      { code: 'UNKNOWN_TAG', line: 2, column: 3 },
      { code: 'UNKNOWN_ATTRIBUTE', line: 3, column: 1 },
      { code: 'UNKNOWN_ATTRIBUTE', line: 3, column: 1 },
    ]);
    expect(problems[0]!.message).toContain('<marquee>');
  });

  it('refuses images other than the logo and any URL', () => {
    expect(codes('<img src="https://evil.example/x.png">')).toEqual(['BAD_ATTRIBUTE']);
    expect(codes('<img>')).toEqual(['BAD_ATTRIBUTE']);
    expect(codes('<img src="logo" width="120">')).toEqual([]);
    expect(codes('<a href="https://x">x</a>')).toEqual(['UNKNOWN_TAG']);
  });

  it('checks attribute values', () => {
    expect(codes('<p align="middle">x</p>')).toEqual(['BAD_ATTRIBUTE']);
    expect(codes('<table widths="10,abc"><tr><td>x</td></tr></table>')).toEqual(['BAD_ATTRIBUTE']);
    expect(codes('<table layout="fancy"><tr><td colspan="0">x</td></tr></table>')).toEqual(['BAD_ATTRIBUTE', 'BAD_ATTRIBUTE']);
    expect(codes('<table widths="30,*,auto,20%"><tr><td width="*">x</td></tr></table>')).toEqual([]);
    expect(codes('<img src="logo" width="9999">')).toEqual(['BAD_ATTRIBUTE']);
    expect(codes('<p size="100">x</p>')).toEqual(['BAD_ATTRIBUTE']);
  });

  it('reports unclosed and stray closing tags and sections', () => {
    expect(checkTemplate('<p>a\n<b>b</p>')).toMatchObject([{ code: 'UNCLOSED_TAG', line: 2, column: 1 }]);
    expect(checkTemplate('x</p>')).toMatchObject([{ code: 'UNEXPECTED_CLOSE', line: 1, column: 2 }]);
    expect(codes('<table><tr><td>x')).toEqual(['UNCLOSED_TAG', 'UNCLOSED_TAG', 'UNCLOSED_TAG']);
    expect(codes('{{#lines}}x')).toEqual(['UNCLOSED_TAG']);
    expect(codes('x{{/lines}}')).toEqual(['UNEXPECTED_CLOSE']);
    expect(codes('{{#items}}x{{/items}}')).toEqual(['UNKNOWN_SECTION']);
    expect(codes('<br></br><hr/>')).toEqual([]);
  });

  it('reports misplaced table parts and nested line blocks', () => {
    expect(codes('<tr><td>x</td></tr>')).toEqual(['MISPLACED']);
    expect(codes('<table><td>x</td></table>')).toEqual(['MISPLACED']);
    expect(codes('<table><tr><p>x</p></tr></table>')).toEqual(['MISPLACED']);
    expect(codes('<table><tr>{{#lines}}<td>x</td>{{/lines}}</tr></table>')).toEqual(['MISPLACED']);
    expect(codes('{{#lines}}<lines>x</lines>{{/lines}}')).toEqual(['MISPLACED']);
    expect(codes('<b><h1>x</h1></b>')).toEqual(['MISPLACED']);
    expect(codes('<table>{{#lines}}<tr><td>{{productName}}</td></tr>{{/lines}}</table>')).toEqual([]);
  });

  it('reports bad and unknown placeholders only when the fields are known', () => {
    expect(codes('{{ a b }} {{1x}}')).toEqual(['BAD_PLACEHOLDER', 'BAD_PLACEHOLDER']);
    expect(codes('{{nope}}')).toEqual([]);
    const problems = checkTemplate('{{number}} {{org.name}} {{today}} {{title}} {{amountUpper}} {{totalAmountUpper}}\n{{nope}} {{org.phone}}', known);
    expect(problems).toMatchObject([
      { code: 'UNKNOWN_PLACEHOLDER', line: 2, column: 1, message: '未知字段 {{nope}}' },
      { code: 'UNKNOWN_PLACEHOLDER', line: 2, column: 10 },
    ]);
    expect(codes('{{nopeUpper}}', known)).toEqual(['UNKNOWN_PLACEHOLDER']);
  });

  it('accepts line columns and {{index}} only inside a lines block', () => {
    expect(codes('{{#lines}}{{index}} {{productName}} {{number}}{{/lines}}', known)).toEqual([]);
    const outside = checkTemplate('{{productName}}', known);
    expect(outside).toMatchObject([{ code: 'UNKNOWN_PLACEHOLDER' }]);
    expect(outside[0]!.message).toContain('{{#lines}}');
  });

  it('flags a body over the size limit', () => {
    expect(codes('x'.repeat(100_001))).toContain('TOO_LONG');
  });

  it('finds no problem in the built-in templates', () => {
    for (const type of PRINT_RECORD_TYPES) {
      const fields = defaultTemplateFields(type);
      expect(checkTemplate(DEFAULT_PRINT_TEMPLATES[type].body, { fields, lineColumns: known.lineColumns }), type).toEqual([]);
    }
  });
});

describe('placeholder values', () => {
  it('prints fields, org, title and the date; unknown ones print as nothing', () => {
    expect(printed('<p>{{number}}/{{customerName}}/{{org.name}}/{{today}}/[{{nope}}]/[{{org.phone}}]</p>')).toBe('BJ001/上海云启科技/星火科技/2026-11-23/[]/[]');
  });

  it("lets the record's own field win over the global of the same name", () => {
    expect(printed('<p>{{title}}</p>')).toBe('年度采购');
    expect(printed('<p>{{title}}</p>', data({ fields: {} }))).toBe('报价单 BJ001');
  });

  it('writes money in 大写 for any money field and for amountUpper', () => {
    expect(printed('<p>{{totalAmountUpper}}</p>')).toBe('壹万贰仟叁佰肆拾伍元陆角整');
    expect(printed('<p>{{amountUpper}}</p>')).toBe('壹佰元整');
    expect(printed('<p>{{amountUpper}}</p>', data({ fields: { totalAmount: '¥0.05' } }))).toBe('伍分');
    expect(printed('<p>[{{customerNameUpper}}]</p>')).toBe('[]');
    expect(upperOf('1,000,000.00')).toBe('壹佰万元整');
    expect(upperOf('￥3.5元')).toBe('叁元伍角整');
    expect(upperOf('n/a')).toBe('');
    expect(upperOf('1.234')).toBe('');
    expect(resolvePlaceholder('amountUpper', data({ fields: { amountUpper: '自定' } }))).toBe('自定');
  });

  it('repeats a lines block per line with its index and columns', () => {
    expect(printed('<p>{{#lines}}{{index}}.{{productName}}×{{quantity}};{{/lines}}</p>')).toBe('1.服务器×2;2.交换机×1;');
    // record fields stay reachable inside the block, line columns win
    expect(printed('<p>{{#lines}}{{number}}:{{totalAmount}} {{/lines}}</p>')).toBe('BJ001:¥10,000.00 BJ001:¥2,345.60');
    expect(printed('<lines><p>{{productName}}</p></lines>')).toBe('服务器交换机');
    expect(printed('<p>{{#lines}}x{{/lines}}</p>', data({ lines: [] }))).toBe(' ');
  });

  it('escapes nothing into markup: placeholder values are plain text', () => {
    const doc = renderTemplate('<p>{{customerName}}</p>', data({ fields: { customerName: '<b>{{number}}</b>' } }));
    expect(textOf(doc.content)).toBe('<b>{{number}}</b>');
    expect(JSON.stringify(doc.content)).not.toContain('"bold"');
  });
});

describe('rendering to a pdfmake document', () => {
  it('maps headings, paragraphs and inline styles', () => {
    const doc = renderTemplate('<h1 align="center">标题</h1><p>a <b>粗</b> <i>斜</i> <u>线</u> <small>小</small></p><hr>', data());
    expect(doc.content[0]).toMatchObject({ text: [{ text: '标题' }], bold: true, fontSize: 18, alignment: 'center' });
    const p = doc.content[1] as { stack: { text: Record<string, unknown>[] }[] };
    expect(p.stack[0]!.text).toEqual(expect.arrayContaining([
      { text: [{ text: '粗' }], bold: true }, { text: [{ text: '斜' }], italics: true },
      { text: [{ text: '线' }], decoration: 'underline' }, { text: [{ text: '小' }], fontSize: 8 },
    ]));
    expect(doc.content[2]).toMatchObject({ canvas: [{ type: 'line', x2: 595.28 - 80 }] });
    expect(renderTemplate('<hr>', data(), { pageSize: 'A4', orientation: 'landscape' }).content[0]).toMatchObject({ canvas: [{ x2: 841.89 - 80 }] });
    expect(renderTemplate('<hr>', data(), { pageSize: 'A5' })).toMatchObject({ pageSize: 'A5', pageOrientation: 'portrait' });
  });

  it('aligns a div’s content, text and images alike', () => {
    const doc = renderTemplate('<div align="right"><img src="logo" width="80">{{org.name}}</div>', data());
    expect(doc.content[0]).toMatchObject({ stack: [{ image: 'logo', width: 80, alignment: 'right' }, { text: [{ text: '星火科技' }], alignment: 'right' }] });
    expect(doc.images).toEqual({ logo: LOGO });
  });

  it('prints the logo only from a PNG/JPEG data URL', () => {
    expect(renderTemplate('<img src="logo">', data()).content[0]).toMatchObject({ image: 'logo', fit: [120, 60] });
    for (const logo of [null, 'https://example.com/logo.png', '/etc/passwd', 'data:image/svg+xml;base64,PHN2Zz4=']) {
      const doc = renderTemplate('<img src="logo"><p>x</p>', data({ org: { name: 'o', logo } }));
      expect(doc.images).toBeUndefined();
      expect(JSON.stringify(doc.content)).not.toContain('image');
    }
  });

  it('builds tables: header rows, line rows, colspan padding and widths', () => {
    const doc = renderTemplate(`<table widths="20,*,60">
      <tr><th>#</th><th>名称</th><th>金额</th></tr>
      {{#lines}}<tr><td>{{index}}</td><td>{{productName}}</td><td align="right">{{totalAmount}}</td></tr>{{/lines}}
      <tr><td colspan="2">合计</td><td>{{totalAmount}}</td></tr>
    </table>`, data());
    const [t] = tables(doc.content) as { table: { headerRows: number; widths: unknown[]; body: Record<string, unknown>[][] } }[];
    expect(t!.table.widths).toEqual([20, '*', 60]);
    expect(t!.table.headerRows).toBe(1);
    expect(t!.table.body).toHaveLength(4);
    expect(t!.table.body[0]![0]).toMatchObject({ bold: true, fillColor: '#eeeeee' });
    expect(t!.table.body[2]![2]).toMatchObject({ alignment: 'right' });
    expect(textOf(t!.table.body[2])).toBe('2交换机¥2,345.60');
    expect(t!.table.body[3]![0]).toMatchObject({ colSpan: 2 });
    expect(t!.table.body[3]).toHaveLength(3);
  });

  it('takes widths from the first row’s cells, pads short rows and caps colspan at the widths given', () => {
    const wide = renderTemplate('<table widths="*,*"><tr><td colspan="9">wide</td><td>cut</td></tr></table>', data());
    expect(tables(wide.content)[0]).toMatchObject({ table: { widths: ['*', '*'], body: [[{ colSpan: 2 }, { text: '' }]] } });
    const doc = renderTemplate('<table><tr><td width="40">a</td><td>b</td><td width="20%">c</td></tr><tr><td colspan="3">wide</td></tr><tr><td>x</td></tr></table>', data());
    const [t] = tables(doc.content) as { table: { widths: unknown[]; body: Record<string, unknown>[][]; headerRows: number } }[];
    expect(t!.table.widths).toEqual([40, '*', '20%']);
    expect(t!.table.headerRows).toBe(0);
    expect(t!.table.body.map((r) => r.length)).toEqual([3, 3, 3]);
    expect(t!.table.body[1]![0]).toMatchObject({ colSpan: 3 });
  });

  it('leaves out a table with no rows (an empty line list and no header)', () => {
    const doc = renderTemplate('<table>{{#lines}}<tr><td>{{productName}}</td></tr>{{/lines}}</table><p>after</p>', data({ lines: [] }));
    expect(tables(doc.content)).toHaveLength(0);
    expect(textOf(doc.content)).toBe('after');
  });

  it('maps table layouts and nests block content in cells', () => {
    const doc = renderTemplate('<table layout="none"><tr><td><h3>甲方</h3><p>{{customerName}}</p></td></tr></table><table layout="lines"><tr><td>x</td></tr></table>', data());
    const [a, b] = tables(doc.content);
    expect(a).toMatchObject({ layout: 'noBorders' });
    expect(b).toMatchObject({ layout: 'lightHorizontalLines' });
    expect(textOf(a)).toBe('甲方上海云启科技');
  });

  it('drops script and style content and prints unknown tags as their content', () => {
    expect(printed('<p>a<script>alert(1)</script><style>p{}</style>b <span>c</span></p>')).toBe('ab c');
  });

  it('never produces an empty document', () => {
    expect(renderTemplate('', data()).content).toEqual([' ']);
  });

  it('renders every built-in template with the record’s values', () => {
    const doc = renderTemplate(DEFAULT_PRINT_TEMPLATES.quote.body, data());
    const text = textOf(doc.content);
    expect(text).toContain('报价单');
    expect(text).toContain('服务器');
    expect(text).toContain('壹万贰仟叁佰肆拾伍元陆角整');
    expect(doc.images).toEqual({ logo: LOGO });
    expect(textOf(renderTemplate(DEFAULT_PRINT_TEMPLATES.payment.body, data()).content)).toContain('壹佰元整');
  });

  it('on any input: never throws and every table row has as many cells as widths', () => {
    const pieces = fc.constantFrom(
      '<table>', '</table>', '<tr>', '</tr>', '<td>', '<td colspan="3">', '</td>', '<th>', '</th>', '{{#lines}}', '{{/lines}}', '<lines>', '</lines>',
      '<p>', '</p>', '<b>', '</b>', '<br>', '<hr>', '<img src="logo">', '<div align="center">', '</div>', '<h1>', '</h1>', '{{number}}',
      '{{index}}', '{{productName}}', '{{amountUpper}}', 'text', ' ', '\n', '<', '{{', '&amp;', '<x>', '</x>', '<script>', '</script>',
    );
    fc.assert(fc.property(fc.array(pieces, { maxLength: 40 }), fc.boolean(), (parts, withLines) => {
      const body = parts.join('');
      const d = data({ lines: withLines ? data().lines : [] });
      checkTemplate(body, known);
      const doc = renderTemplate(body, d);
      expect(doc.content.length).toBeGreaterThan(0);
      for (const t of tables(doc.content) as { table: { widths: unknown[]; body: unknown[][] } }[]) {
        expect(t.table.body.length).toBeGreaterThan(0);
        for (const row of t.table.body) expect(row).toHaveLength(t.table.widths.length);
      }
    }), { numRuns: 400 });
  });
});

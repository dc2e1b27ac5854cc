/**
 * Print templates (打印模板): the small HTML-like language an admin edits for quotes, contracts,
 * orders and payment receipts, and its conversion into a pdfmake document definition.
 *
 * Pure: no I/O, no pdfmake import (the server renders the returned definition). Nothing an admin
 * writes can fetch a URL or run script — there are no URLs in the language at all: text is text,
 * the only image is the organization's logo (`<img src="logo">`), links do not exist.
 *
 * Language
 *   Blocks:  <h1> <h2> <h3> <p> <div align="left|center|right"> <hr> <img src="logo" width="120">
 *            <table widths="30,*,80" layout="grid|lines|none"> <tr> <td|th colspan="2" width="80" align="right">
 *   Inline:  <b>/<strong> <i>/<em> <u> <small> <br>
 *   Values:  {{number}} {{customerId}} {{org.name}} {{title}} {{today}} — a record's fields by key, as
 *            display strings; {{totalAmountUpper}} (any money field + "Upper") gives 大写金额;
 *            {{amountUpper}} is the record's amount (or totalAmount) in 大写.
 *   Lines:   {{#lines}} … {{/lines}} (or <lines> … </lines>) repeats its content once per line item;
 *            inside, {{index}} (1, 2, …) and the line's columns ({{productName}}, {{quantity}} …).
 *            Inside a <table> it repeats rows (<tr>).
 *   Entities &amp; &lt; &gt; &quot; &#39; &nbsp; &#NNN; and <!-- comments -->.
 *
 * Problems (unknown tags, attributes or placeholders, misplaced rows, unclosed tags) are reported
 * with line and column for the editor; printing never throws on them (an unknown placeholder prints
 * as nothing, an unknown tag as its content).
 */
import { chineseUppercaseMoney, parseMoney } from './money.ts';

export const PRINT_RECORD_TYPES = ['quote', 'contract', 'order', 'payment', 'invoice'] as const;
export type PrintRecordType = (typeof PRINT_RECORD_TYPES)[number];
export const PRINT_PAGE_SIZES = ['A4', 'A5', 'LETTER'] as const;
export const PRINT_ORIENTATIONS = ['portrait', 'landscape'] as const;
export const MAX_TEMPLATE_LENGTH = 100_000;

export type TemplateProblemCode =
  | 'UNKNOWN_TAG' | 'UNKNOWN_ATTRIBUTE' | 'BAD_ATTRIBUTE' | 'UNCLOSED_TAG' | 'UNEXPECTED_CLOSE'
  | 'MISPLACED' | 'UNKNOWN_PLACEHOLDER' | 'BAD_PLACEHOLDER' | 'UNKNOWN_SECTION' | 'TOO_LONG';

export interface TemplateProblem {
  code: TemplateProblemCode;
  message: string;
  /** 1-based line and column of the offending text; offset is 0-based into the body */
  line: number;
  column: number;
  offset: number;
}

export type TemplateNode = TemplateElement | TemplateText | TemplatePlaceholder;
export interface TemplateElement {
  kind: 'element';
  /** lower-case tag; 'lines' for both <lines> and {{#lines}} */
  tag: string;
  attrs: Record<string, string>;
  children: TemplateNode[];
  offset: number;
}
export interface TemplateText {
  kind: 'text';
  text: string;
}
export interface TemplatePlaceholder {
  kind: 'placeholder';
  path: string;
  offset: number;
}

/** A line item's columns as print loaders provide them (display strings). */
export const PRINT_LINE_COLUMNS: { key: string; label: string }[] = [
  { key: 'index', label: '序号' },
  { key: 'productCode', label: '产品编码' },
  { key: 'productName', label: '产品名称' },
  { key: 'specification', label: '规格' },
  { key: 'unit', label: '单位' },
  { key: 'listPrice', label: '标准价' },
  { key: 'salePrice', label: '单价' },
  { key: 'quantity', label: '数量' },
  { key: 'discount', label: '折扣' },
  { key: 'taxRate', label: '税率' },
  { key: 'taxAmount', label: '税额' },
  { key: 'totalAmount', label: '金额（含税）' },
  { key: 'deliveredQuantity', label: '已发货数量' },
  { key: 'remark', label: '备注' },
];

export const PRINT_ORG_FIELDS: { key: string; label: string }[] = [{ key: 'org.name', label: '公司名称' }];
export const PRINT_GLOBAL_FIELDS: { key: string; label: string }[] = [
  { key: 'title', label: '单据标题' },
  { key: 'today', label: '打印日期' },
  { key: 'amountUpper', label: '金额大写' },
];

const BLOCK_TAGS = new Set(['h1', 'h2', 'h3', 'p', 'div', 'hr', 'img', 'table', 'tr', 'td', 'th', 'lines']);
const INLINE_TAGS = new Set(['b', 'strong', 'i', 'em', 'u', 'small', 'br']);
const VOID_TAGS = new Set(['br', 'hr', 'img']);
/** content dropped entirely, not printed as text */
const DROPPED_TAGS = new Set(['script', 'style']);
const ALLOWED_ATTRS: Record<string, string[]> = {
  h1: ['align'], h2: ['align'], h3: ['align'], p: ['align', 'size'], div: ['align', 'size'],
  hr: [], img: ['src', 'width', 'height'], table: ['widths', 'layout', 'size'], tr: [],
  td: ['colspan', 'width', 'align'], th: ['colspan', 'width', 'align'], lines: [],
  b: [], strong: [], i: [], em: [], u: [], small: [], br: [],
};

// ---------------------------------------------------------------------------------------------
// Parsing

function lineStarts(body: string): number[] {
  const starts = [0];
  for (let i = 0; i < body.length; i++) if (body.charCodeAt(i) === 10) starts.push(i + 1);
  return starts;
}

function position(starts: number[], offset: number): { line: number; column: number } {
  let lo = 0;
  let hi = starts.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (starts[mid]! <= offset) lo = mid;
    else hi = mid - 1;
  }
  return { line: lo + 1, column: offset - starts[lo]! + 1 };
}

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: '\u00a0', '#39': "'" };

export function decodeEntities(text: string): string {
  return text.replace(/&(#x[0-9a-fA-F]{1,6}|#[0-9]{1,7}|[a-zA-Z]{2,8}|#39);/g, (whole, name: string) => {
    if (name in ENTITIES) return ENTITIES[name]!;
    const code = name.startsWith('#x') ? Number.parseInt(name.slice(2), 16) : name.startsWith('#') ? Number.parseInt(name.slice(1), 10) : NaN;
    if (Number.isFinite(code) && code > 0 && code <= 0x10ffff && !(code >= 0xd800 && code <= 0xdfff)) return String.fromCodePoint(code);
    return whole;
  });
}

const TAG_RE = /<(\/?)([a-zA-Z][a-zA-Z0-9]*)((?:\s+[a-zA-Z_:][-a-zA-Z0-9_:]*(?:\s*=\s*(?:"[^"]*"|'[^']*'|[^\s"'=<>`]+))?)*)\s*(\/?)>/y;
const ATTR_RE = /([a-zA-Z_:][-a-zA-Z0-9_:]*)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'=<>`]+)))?/g;
const MUSTACHE_RE = /\{\{\s*([#/]?)\s*([^{}]*?)\s*\}\}/y;
const PATH_RE = /^[a-zA-Z_][a-zA-Z0-9_]*(?:\.[a-zA-Z_][a-zA-Z0-9_]*)*$/;

export interface ParsedTemplate {
  nodes: TemplateNode[];
  problems: TemplateProblem[];
}

/** Parses a template body into a tree; never throws. */
export function parseTemplate(body: string): ParsedTemplate {
  const starts = lineStarts(body);
  const problems: TemplateProblem[] = [];
  const problem = (code: TemplateProblemCode, message: string, offset: number) => {
    problems.push({ code, message, offset, ...position(starts, offset) });
  };
  if (body.length > MAX_TEMPLATE_LENGTH) problem('TOO_LONG', `模板过长（最多 ${MAX_TEMPLATE_LENGTH} 个字符）`, MAX_TEMPLATE_LENGTH);

  const root: TemplateElement = { kind: 'element', tag: '#root', attrs: {}, children: [], offset: 0 };
  // each open element remembers how it was opened: a tag or a {{#section}}
  const stack: { el: TemplateElement; mustache: boolean; dropped: boolean }[] = [{ el: root, mustache: false, dropped: false }];
  const top = () => stack[stack.length - 1]!;
  let text = '';
  const flush = () => {
    if (text) {
      if (!top().dropped) top().el.children.push({ kind: 'text', text: decodeEntities(text) });
      text = '';
    }
  };
  const open = (el: TemplateElement, mustache: boolean, dropped: boolean) => {
    if (!top().dropped) top().el.children.push(el);
    stack.push({ el, mustache, dropped: dropped || top().dropped });
  };
  const close = (tag: string, mustache: boolean, offset: number, label: string) => {
    let i = stack.length - 1;
    while (i > 0 && !(stack[i]!.el.tag === tag && stack[i]!.mustache === mustache)) i--;
    if (i === 0) {
      problem('UNEXPECTED_CLOSE', `多余的结束标记 ${label}`, offset);
      return;
    }
    while (stack.length - 1 > i) {
      const dangling = stack.pop()!;
      problem('UNCLOSED_TAG', `${describeOpen(dangling.el, dangling.mustache)} 没有结束标记`, dangling.el.offset);
    }
    stack.pop();
  };

  let i = 0;
  while (i < body.length) {
    const ch = body[i]!;
    if (ch === '<' && body.startsWith('<!--', i)) {
      flush();
      const end = body.indexOf('-->', i + 4);
      i = end < 0 ? body.length : end + 3;
      continue;
    }
    if (ch === '<') {
      TAG_RE.lastIndex = i;
      const m = TAG_RE.exec(body);
      if (m) {
        flush();
        const closing = m[1] === '/';
        const tag = m[2]!.toLowerCase();
        const selfClosing = m[4] === '/';
        const start = i;
        i = TAG_RE.lastIndex;
        const known = BLOCK_TAGS.has(tag) || INLINE_TAGS.has(tag);
        if (closing) {
          if (VOID_TAGS.has(tag)) continue; // </br> and friends: harmless
          if (!known && !DROPPED_TAGS.has(tag)) {
            // its opening was reported already (or it never opened): close it quietly if open
            if (stack.some((s) => s.el.tag === tag && !s.mustache)) close(tag, false, start, `</${tag}>`);
            continue;
          }
          close(tag, false, start, `</${tag}>`);
          continue;
        }
        const attrs: Record<string, string> = {};
        ATTR_RE.lastIndex = 0;
        for (let a = ATTR_RE.exec(m[3]!); a; a = ATTR_RE.exec(m[3]!)) {
          attrs[a[1]!.toLowerCase()] = decodeEntities(a[2] ?? a[3] ?? a[4] ?? '');
        }
        if (!known) {
          problem('UNKNOWN_TAG', `不支持的标记 <${tag}>`, start);
          const dropped = DROPPED_TAGS.has(tag);
          if (!selfClosing) open({ kind: 'element', tag, attrs: {}, children: [], offset: start }, false, dropped);
          continue;
        }
        for (const [name, value] of Object.entries(attrs)) {
          if (!ALLOWED_ATTRS[tag]!.includes(name)) problem('UNKNOWN_ATTRIBUTE', `<${tag}> 不支持属性 ${name}`, start);
          else {
            const bad = attributeProblem(tag, name, value);
            if (bad) problem('BAD_ATTRIBUTE', bad, start);
          }
        }
        if (tag === 'img' && attrs.src === undefined) problem('BAD_ATTRIBUTE', '<img> 需要 src="logo"', start);
        const el: TemplateElement = { kind: 'element', tag, attrs, children: [], offset: start };
        const misplaced = placementProblem(stack.map((s) => s.el.tag), tag);
        if (misplaced) problem('MISPLACED', misplaced, start);
        if (VOID_TAGS.has(tag) || selfClosing) {
          if (!top().dropped) top().el.children.push(el);
        } else open(el, false, false);
        continue;
      }
      // a lone "<" (as in "a < b") is text
      text += ch;
      i++;
      continue;
    }
    if (ch === '{' && body.startsWith('{{', i)) {
      MUSTACHE_RE.lastIndex = i;
      const m = MUSTACHE_RE.exec(body);
      if (m) {
        flush();
        const start = i;
        i = MUSTACHE_RE.lastIndex;
        const sigil = m[1]!;
        const name = m[2]!;
        if (sigil === '#') {
          if (name !== 'lines') problem('UNKNOWN_SECTION', `未知的区块 {{#${name}}}（只支持 {{#lines}}）`, start);
          const el: TemplateElement = { kind: 'element', tag: name === 'lines' ? 'lines' : `#${name}`, attrs: {}, children: [], offset: start };
          if (name === 'lines') {
            const misplaced = placementProblem(stack.map((s) => s.el.tag), 'lines');
            if (misplaced) problem('MISPLACED', misplaced, start);
          }
          open(el, true, false);
        } else if (sigil === '/') {
          close(name === 'lines' ? 'lines' : `#${name}`, true, start, `{{/${name}}}`);
        } else if (!PATH_RE.test(name)) {
          problem('BAD_PLACEHOLDER', `无效的字段 {{${name}}}`, start);
        } else if (!top().dropped) {
          top().el.children.push({ kind: 'placeholder', path: name, offset: start });
        }
        continue;
      }
      // "{{" without a closing "}}" is text
    }
    text += ch;
    i++;
  }
  flush();
  while (stack.length > 1) {
    const dangling = stack.pop()!;
    if (BLOCK_TAGS.has(dangling.el.tag) || INLINE_TAGS.has(dangling.el.tag) || dangling.mustache) {
      problem('UNCLOSED_TAG', `${describeOpen(dangling.el, dangling.mustache)} 没有结束标记`, dangling.el.offset);
    }
  }
  problems.sort((a, b) => a.offset - b.offset);
  return { nodes: root.children, problems };
}

function describeOpen(el: TemplateElement, mustache: boolean): string {
  if (mustache) return `{{#${el.tag.replace(/^#/, '')}}}`;
  return `<${el.tag}>`;
}

function attributeProblem(tag: string, name: string, value: string): string | undefined {
  switch (name) {
    case 'align':
      return ['left', 'center', 'right'].includes(value) ? undefined : `align 只能是 left、center 或 right`;
    case 'src':
      return value === 'logo' ? undefined : `<img> 只能显示公司标志：src="logo"`;
    case 'width':
    case 'height':
      if (tag === 'td' || tag === 'th') return isWidth(value) ? undefined : `width 应为数字、百分比、* 或 auto`;
      return /^\d{1,3}$/.test(value) && Number(value) > 0 && Number(value) <= 800 ? undefined : `${name} 应为 1–800 的数字`;
    case 'size':
      return /^\d{1,2}(\.\d)?$/.test(value) && Number(value) >= 5 && Number(value) <= 40 ? undefined : `size 应为 5–40 的字号`;
    case 'colspan':
      return /^\d{1,2}$/.test(value) && Number(value) >= 1 && Number(value) <= 30 ? undefined : `colspan 应为 1–30`;
    case 'widths': {
      const parts = value.split(',').map((s) => s.trim());
      return parts.length <= 30 && parts.every(isWidth) ? undefined : `widths 应为逗号分隔的数字、百分比、* 或 auto`;
    }
    case 'layout':
      return ['grid', 'lines', 'none'].includes(value) ? undefined : `layout 只能是 grid、lines 或 none`;
    default:
      return undefined;
  }
}

function isWidth(value: string): boolean {
  return value === '*' || value === 'auto' || (/^\d{1,3}(\.\d+)?%?$/.test(value) && Number.parseFloat(value) > 0 && Number.parseFloat(value) <= 800);
}

/** Where an element may stand: rows in tables, cells in rows, no table row outside a table … */
function placementProblem(ancestors: string[], tag: string): string | undefined {
  // the nearest enclosing structural element, skipping {{#lines}} and unknown tags
  const structural = ancestors.filter((t) => t === 'table' || t === 'tr' || t === 'td' || t === 'th' || t === '#root');
  const parent = structural[structural.length - 1];
  const direct = ancestors[ancestors.length - 1];
  if (tag === 'tr') return parent === 'table' ? undefined : '<tr> 只能放在 <table> 里';
  if (tag === 'td' || tag === 'th') return parent === 'tr' ? undefined : `<${tag}> 只能放在 <tr> 里`;
  if (tag === 'lines') {
    if (ancestors.includes('lines')) return '明细区块不能嵌套';
    if (parent === 'tr') return '明细区块应包住整行 <tr>，不能放在行内';
    return undefined;
  }
  if (parent === 'table' || parent === 'tr') return `<${tag}> 不能直接放在 <${parent}> 里（应放在 <td> 里）`;
  if (BLOCK_TAGS.has(tag) && direct && INLINE_TAGS.has(direct)) return `<${tag}> 不能放在 <${direct}> 里`;
  return undefined;
}

// ---------------------------------------------------------------------------------------------
// Placeholders

export interface KnownPlaceholders {
  /** the record's field keys */
  fields: string[];
  /** the line-item columns (without 'index', always known inside lines) */
  lineColumns: string[];
}

/** Every placeholder with whether it stands inside a lines block. */
export function templatePlaceholders(nodes: TemplateNode[]): { path: string; offset: number; inLines: boolean }[] {
  const out: { path: string; offset: number; inLines: boolean }[] = [];
  const walk = (list: TemplateNode[], inLines: boolean) => {
    for (const n of list) {
      if (n.kind === 'placeholder') out.push({ path: n.path, offset: n.offset, inLines });
      else if (n.kind === 'element') walk(n.children, inLines || n.tag === 'lines');
    }
  };
  walk(nodes, false);
  return out;
}

function isKnown(path: string, inLines: boolean, known: KnownPlaceholders): boolean {
  if (PRINT_ORG_FIELDS.some((f) => f.key === path) || PRINT_GLOBAL_FIELDS.some((f) => f.key === path)) return true;
  if (known.fields.includes(path)) return true;
  if (path.endsWith('Upper') && known.fields.includes(path.slice(0, -'Upper'.length))) return true;
  if (inLines && (path === 'index' || known.lineColumns.includes(path))) return true;
  return false;
}

/** Parse problems plus placeholders the record type does not have, in body order. */
export function checkTemplate(body: string, known?: KnownPlaceholders): TemplateProblem[] {
  const parsed = parseTemplate(body);
  const problems = [...parsed.problems];
  if (known) {
    const starts = lineStarts(body);
    for (const p of templatePlaceholders(parsed.nodes)) {
      if (!isKnown(p.path, p.inLines, known)) {
        const lineOnly = !p.inLines && (p.path === 'index' || known.lineColumns.includes(p.path));
        problems.push({
          code: 'UNKNOWN_PLACEHOLDER',
          message: lineOnly ? `{{${p.path}}} 只能在明细区块 {{#lines}} 里使用` : `未知字段 {{${p.path}}}`,
          offset: p.offset,
          ...position(starts, p.offset),
        });
      }
    }
  }
  return problems.sort((a, b) => a.offset - b.offset);
}

// ---------------------------------------------------------------------------------------------
// Rendering to a pdfmake document definition

export interface PrintTemplateData {
  title: string;
  fields: Record<string, string>;
  lines: Record<string, string>[];
  org: { name: string; /** data URL of a PNG or JPEG, when the organization has a logo */ logo?: string | null };
  /** the print date as shown, e.g. 2026-11-23 */
  today: string;
}

export interface PrintLayout {
  pageSize?: (typeof PRINT_PAGE_SIZES)[number];
  orientation?: (typeof PRINT_ORIENTATIONS)[number];
}

/** A pdfmake document definition (plain data; typed loosely so shared need not depend on pdfmake). */
export type PdfDocDefinition = {
  pageSize: string;
  pageOrientation: 'portrait' | 'landscape';
  pageMargins: [number, number, number, number];
  content: PdfNode[];
  images?: Record<string, string>;
  defaultStyle: Record<string, unknown>;
  info: { title: string };
};
export type PdfNode = Record<string, unknown> | string;
type Inline = { text: string | Inline[]; bold?: boolean; italics?: boolean; decoration?: string; fontSize?: number };

const PAGE_WIDTHS: Record<string, [number, number]> = { A4: [595.28, 841.89], A5: [419.53, 595.28], LETTER: [612, 792] };
const MARGIN = 40;

/** "¥1,234.50" / "1234.50" → 大写; '' when the value is not an amount. */
export function upperOf(display: string | undefined): string {
  if (!display) return '';
  const cleaned = display.replace(/[¥￥,，\s]|元/g, '');
  if (!/^-?\d+(\.\d+)?$/.test(cleaned)) return '';
  try {
    return chineseUppercaseMoney(parseMoney(cleaned));
  } catch {
    return '';
  }
}

/** The printed value of a placeholder; '' for anything unknown. */
export function resolvePlaceholder(path: string, data: PrintTemplateData, line?: Record<string, string>, index?: number): string {
  if (line) {
    if (path === 'index') return String(index ?? '');
    if (Object.hasOwn(line, path)) return line[path] ?? '';
  }
  // a record's own field wins over the globals (an invoice's title is its 抬头)
  if (Object.hasOwn(data.fields, path)) return data.fields[path] ?? '';
  if (path === 'org.name') return data.org.name;
  if (path === 'title') return data.title;
  if (path === 'today') return data.today;
  if (path === 'amountUpper') return upperOf(data.fields.amount ?? data.fields.totalAmount);
  if (path.endsWith('Upper')) {
    const base = path.slice(0, -'Upper'.length);
    if (Object.hasOwn(data.fields, base)) return upperOf(data.fields[base]);
  }
  return '';
}

interface Scope {
  data: PrintTemplateData;
  line?: Record<string, string>;
  index?: number;
  contentWidth: number;
}

function inlineOf(nodes: TemplateNode[], scope: Scope): Inline[] {
  const out: Inline[] = [];
  for (const n of nodes) {
    if (n.kind === 'text') out.push({ text: n.text.replace(/\s+/g, ' ') });
    else if (n.kind === 'placeholder') out.push({ text: resolvePlaceholder(n.path, scope.data, scope.line, scope.index) });
    else if (n.tag === 'br') out.push({ text: '\n' });
    else if (n.tag === 'lines') {
      scope.data.lines.forEach((line, k) => out.push(...inlineOf(n.children, { ...scope, line, index: k + 1 })));
    } else {
      const inner = inlineOf(n.children, scope);
      if (!inner.length) continue;
      const wrapped: Inline = { text: inner };
      if (n.tag === 'b' || n.tag === 'strong') wrapped.bold = true;
      if (n.tag === 'i' || n.tag === 'em') wrapped.italics = true;
      if (n.tag === 'u') wrapped.decoration = 'underline';
      if (n.tag === 'small') wrapped.fontSize = 8;
      out.push(wrapped);
    }
  }
  return out;
}

const isBlock = (n: TemplateNode) => n.kind === 'element' && (BLOCK_TAGS.has(n.tag) && n.tag !== 'lines');
const hasBlock = (nodes: TemplateNode[]): boolean =>
  nodes.some((n) => isBlock(n) || (n.kind === 'element' && !INLINE_TAGS.has(n.tag) && hasBlock(n.children)));

/** HTML-like white space: runs collapse to one space across pieces (and tags), line breaks stay. */
function collapseSpaces(inline: Inline[]): void {
  let lastSpace = true;
  const walk = (list: Inline[]) => {
    for (const piece of list) {
      if (typeof piece.text !== 'string') walk(piece.text);
      else if (piece.text === '\n') lastSpace = true;
      else if (piece.text) {
        if (lastSpace && piece.text.startsWith(' ')) piece.text = piece.text.slice(1);
        if (piece.text) lastSpace = piece.text.endsWith(' ');
      }
    }
  };
  walk(inline);
}

function trimInline(inline: Inline[]): Inline[] {
  collapseSpaces(inline);
  // drop leading/trailing whitespace-only pieces so indentation in the source does not print
  const flat = (i: Inline): string => (typeof i.text === 'string' ? i.text : i.text.map(flat).join(''));
  let a = 0;
  let b = inline.length;
  while (a < b && flat(inline[a]!).trim() === '' && flat(inline[a]!) !== '\n') a++;
  while (b > a && flat(inline[b - 1]!).trim() === '' && flat(inline[b - 1]!) !== '\n') b--;
  return inline.slice(a, b);
}

/** Block-level content: consecutive inline pieces become one paragraph. */
function blocksOf(nodes: TemplateNode[], scope: Scope, align?: string): PdfNode[] {
  const out: PdfNode[] = [];
  let pending: TemplateNode[] = [];
  const flushInline = () => {
    const inline = trimInline(inlineOf(pending, scope));
    pending = [];
    if (inline.length) out.push(withAlign({ text: inline }, align));
  };
  for (const n of nodes) {
    if (n.kind === 'element' && n.tag === 'lines' && hasBlock(n.children)) {
      flushInline();
      scope.data.lines.forEach((line, k) => out.push(...blocksOf(n.children, { ...scope, line, index: k + 1 }, align)));
    } else if (n.kind === 'element' && (isBlock(n) || (!INLINE_TAGS.has(n.tag) && n.tag !== 'lines' && hasBlock(n.children)))) {
      flushInline();
      out.push(...blockOf(n, scope, align));
    } else pending.push(n);
  }
  flushInline();
  return out;
}

function withAlign(node: Record<string, unknown>, align?: string): Record<string, unknown> {
  return align ? { ...node, alignment: align } : node;
}

function blockOf(el: TemplateElement, scope: Scope, inheritedAlign?: string): PdfNode[] {
  const align = el.attrs.align && ['left', 'center', 'right'].includes(el.attrs.align) ? el.attrs.align : inheritedAlign;
  const size = sizeOf(el.attrs.size);
  switch (el.tag) {
    case 'h1':
    case 'h2':
    case 'h3': {
      const inline = trimInline(inlineOf(el.children, scope));
      const fontSize = el.tag === 'h1' ? 18 : el.tag === 'h2' ? 15 : 12.5;
      return [withAlign({ text: inline.length ? inline : ' ', bold: true, fontSize, margin: [0, 4, 0, 6] }, align)];
    }
    case 'p': {
      const inner = blocksOf(el.children, scope, align);
      const node: Record<string, unknown> = { stack: inner.length ? inner : [' '], margin: [0, 2, 0, 4] };
      if (size) node.fontSize = size;
      return [node];
    }
    case 'hr':
      return [{ canvas: [{ type: 'line', x1: 0, y1: 0, x2: scope.contentWidth, y2: 0, lineWidth: 0.6, lineColor: '#888888' }], margin: [0, 4, 0, 6] }];
    case 'img': {
      if (el.attrs.src !== 'logo' || !logoOf(scope.data)) return [];
      const w = numberAttr(el.attrs.width);
      const h = numberAttr(el.attrs.height);
      const node: Record<string, unknown> = { image: 'logo' };
      if (w && h) node.fit = [w, h];
      else if (w) node.width = w;
      else if (h) node.height = h;
      else node.fit = [120, 60];
      return [withAlign(node, align)];
    }
    case 'table':
      return tableOf(el, scope, align);
    case 'div':
    default: {
      // div, and unknown or misplaced tags: their content
      const inner = blocksOf(el.children, scope, align);
      if (!inner.length) return [];
      const node: Record<string, unknown> = { stack: inner };
      if (size) node.fontSize = size;
      return [node];
    }
  }
}

function sizeOf(value: string | undefined): number | undefined {
  if (!value || !/^\d{1,2}(\.\d)?$/.test(value)) return undefined;
  const n = Number(value);
  return n >= 5 && n <= 40 ? n : undefined;
}
function numberAttr(value: string | undefined): number | undefined {
  if (!value || !/^\d{1,3}$/.test(value)) return undefined;
  const n = Number(value);
  return n > 0 && n <= 800 ? n : undefined;
}
function widthOf(value: string | undefined): string | number | undefined {
  if (!value) return undefined;
  const v = value.trim();
  if (!isWidth(v)) return undefined;
  if (v === '*' || v === 'auto' || v.endsWith('%')) return v;
  return Number(v);
}

interface Cell {
  el: TemplateElement;
  scope: Scope;
}

/** The rows of a table, with {{#lines}} expanded; anything else inside a table is ignored. */
function rowsOf(nodes: TemplateNode[], scope: Scope): { cells: Cell[]; row: TemplateElement }[] {
  const rows: { cells: Cell[]; row: TemplateElement }[] = [];
  for (const n of nodes) {
    if (n.kind !== 'element') continue;
    if (n.tag === 'tr') {
      const cells = n.children.flatMap((c) => cellsOf(c, scope));
      rows.push({ cells, row: n });
    } else if (n.tag === 'lines') {
      scope.data.lines.forEach((line, k) => rows.push(...rowsOf(n.children, { ...scope, line, index: k + 1 })));
    } else if (n.tag !== 'table') rows.push(...rowsOf(n.children, scope)); // unknown wrapper (e.g. <tbody>)
  }
  return rows;
}

function cellsOf(n: TemplateNode, scope: Scope): Cell[] {
  if (n.kind !== 'element') return [];
  if (n.tag === 'td' || n.tag === 'th') return [{ el: n, scope }];
  if (n.tag === 'lines') return []; // reported as misplaced
  return n.children.flatMap((c) => cellsOf(c, scope));
}

function tableOf(el: TemplateElement, scope: Scope, align?: string): PdfNode[] {
  const rows = rowsOf(el.children, scope);
  const spanOf = (c: Cell) => Math.min(30, Math.max(1, Number.parseInt(c.el.attrs.colspan ?? '1', 10) || 1));
  let given: (string | number)[] | undefined;
  if (el.attrs.widths) {
    const parsed = el.attrs.widths.split(',').map(widthOf);
    if (parsed.length <= 30 && parsed.every((w) => w !== undefined)) given = parsed as (string | number)[];
  }
  // the widths attribute fixes the column count; otherwise the widest row (colspans counted) does
  const columns = given ? given.length : Math.min(30, rows.reduce((max, r) => Math.max(max, r.cells.reduce((s, c) => s + spanOf(c), 0)), 0));
  if (!columns || !rows.length) return [];

  const cellWidth = Math.max(20, (scope.contentWidth - columns * 8) / columns);
  const body: PdfNode[][] = rows.map(({ cells }) => {
    const out: PdfNode[] = [];
    for (const c of cells) {
      if (out.length >= columns) break;
      const span = Math.min(spanOf(c), columns - out.length);
      const cellScope = { ...c.scope, contentWidth: cellWidth * span };
      const cellAlign = c.el.attrs.align && ['left', 'center', 'right'].includes(c.el.attrs.align) ? c.el.attrs.align : align;
      const inner = blocksOf(c.el.children, cellScope, cellAlign);
      const node: Record<string, unknown> = inner.length === 1 && typeof inner[0] === 'object' && 'text' in inner[0]
        ? { ...(inner[0] as Record<string, unknown>) }
        : { stack: inner.length ? inner : [''] };
      if (cellAlign) node.alignment = cellAlign;
      if (c.el.tag === 'th') {
        node.bold = true;
        node.fillColor = '#eeeeee';
      }
      if (span > 1) node.colSpan = span;
      out.push(node);
      for (let k = 1; k < span; k++) out.push({ text: '' });
    }
    while (out.length < columns) out.push({ text: '' });
    return out;
  });

  let widths = given;
  if (!widths) {
    const first = rows.find((r) => r.cells.every((c) => spanOf(c) === 1) && r.cells.length === columns);
    widths = first ? first.cells.map((c) => widthOf(c.el.attrs.width) ?? '*') : [];
  }
  widths = Array.from({ length: columns }, (_, k) => widths![k] ?? '*');

  let headerRows = 0;
  while (headerRows < rows.length && rows[headerRows]!.cells.length > 0 && rows[headerRows]!.cells.every((c) => c.el.tag === 'th')) headerRows++;
  if (headerRows === rows.length) headerRows = 0;

  const layoutName = el.attrs.layout ?? 'grid';
  const node: Record<string, unknown> = { table: { headerRows, widths, body, dontBreakRows: true }, margin: [0, 4, 0, 6] };
  if (layoutName === 'none') node.layout = 'noBorders';
  else if (layoutName === 'lines') node.layout = 'lightHorizontalLines';
  const size = sizeOf(el.attrs.size);
  if (size) node.fontSize = size;
  return [node];
}

/** The pdfmake document for a template and a record's data; never throws on a bad template. */
export function renderTemplate(body: string | TemplateNode[], data: PrintTemplateData, layout: PrintLayout = {}): PdfDocDefinition {
  const nodes = typeof body === 'string' ? parseTemplate(body).nodes : body;
  const pageSize = layout.pageSize && PAGE_WIDTHS[layout.pageSize] ? layout.pageSize : 'A4';
  const orientation = layout.orientation === 'landscape' ? 'landscape' : 'portrait';
  const [w, h] = PAGE_WIDTHS[pageSize]!;
  const contentWidth = (orientation === 'landscape' ? h : w) - 2 * MARGIN;
  const content = blocksOf(nodes, { data, contentWidth });
  const doc: PdfDocDefinition = {
    pageSize,
    pageOrientation: orientation,
    pageMargins: [MARGIN, MARGIN, MARGIN, MARGIN],
    content: content.length ? content : [' '],
    defaultStyle: { fontSize: 10, lineHeight: 1.25 },
    info: { title: data.title },
  };
  if (logoOf(data)) doc.images = { logo: logoOf(data)! };
  return doc;
}

function logoOf(data: PrintTemplateData): string | undefined {
  const logo = data.org.logo;
  return logo && /^data:image\/(png|jpe?g);base64,[A-Za-z0-9+/=]+$/i.test(logo) ? logo : undefined;
}

// ---------------------------------------------------------------------------------------------
// Built-in templates: used when an organization has none for a record type, and seeded in the demo.
// Their placeholders are the record types' field keys (see each module's fields.ts and print loader).

const LINES_TABLE = `<table widths="24,*,50,36,56,56,40,66" size="8.5">
  <tr><th>序号</th><th>产品名称</th><th>规格</th><th>单位</th><th align="right">单价</th><th align="right">数量</th><th align="right">税率</th><th align="right">金额（含税）</th></tr>
  {{#lines}}
  <tr><td>{{index}}</td><td>{{productName}}<br><small>{{productCode}}</small></td><td>{{specification}}</td><td>{{unit}}</td><td align="right">{{salePrice}}</td><td align="right">{{quantity}}</td><td align="right">{{taxRate}}</td><td align="right">{{totalAmount}}</td></tr>
  {{/lines}}
</table>`;

export const DEFAULT_PRINT_TEMPLATES: Record<PrintRecordType, { name: string; body: string }> = {
  quote: {
    name: '标准报价单',
    body: `<table widths="*,*" layout="none">
  <tr><td><img src="logo" width="110" height="50"></td><td align="right"><h1>报价单</h1><small>编号：{{number}}</small></td></tr>
</table>
<hr>
<table widths="*,*" layout="none">
  <tr>
    <td><b>报价方</b><br>{{org.name}}<br>联系人：{{ownerName}} {{ownerMobile}}</td>
    <td><b>客户</b><br>{{customerName}}<br>联系人：{{contactName}} {{contactPhone}}</td>
  </tr>
</table>
<p>报价名称：{{title}}　　报价日期：{{quoteDate}}　　有效期至：{{validUntil}}</p>
${LINES_TABLE}
<table widths="*,110" layout="lines">
  <tr><td align="right">原价合计</td><td align="right">{{grossAmount}}</td></tr>
  <tr><td align="right">优惠</td><td align="right">{{discountAmount}}</td></tr>
  <tr><td align="right">其中税额</td><td align="right">{{taxAmount}}</td></tr>
  <tr><td align="right"><b>价税合计</b></td><td align="right"><b>{{totalAmount}}</b></td></tr>
</table>
<p><b>价税合计（大写）：</b>{{totalAmountUpper}}</p>
<h3>条款</h3>
<p>{{terms}}</p>
<p>本报价有效期至 {{validUntil}}，逾期请重新询价。</p>
<div align="right"><p>{{org.name}}</p><p>{{today}}</p></div>`,
  },
  contract: {
    name: '标准合同',
    body: `<div align="center"><img src="logo" width="100" height="46"><h1>{{name}}</h1><p>合同编号：{{number}}</p></div>
<table widths="70,*" layout="none">
  <tr><td><b>甲方（买方）</b></td><td>{{customerName}}</td></tr>
  <tr><td><b>乙方（卖方）</b></td><td>{{org.name}}</td></tr>
</table>
<p>甲乙双方经友好协商，就以下产品及服务达成一致，签订本合同，共同遵守。</p>
<h3>一、产品与服务</h3>
${LINES_TABLE}
<h3>二、合同金额</h3>
<p>合同总金额：<b>{{amount}}</b>（大写：{{amountUpper}}），其中优惠 {{discountAmount}}。</p>
<h3>三、付款方式</h3>
<p>{{paymentTerms}}</p>
<h3>四、合同期限</h3>
<p>自 {{startDate}} 起至 {{endDate}} 止。</p>
<h3>五、其他</h3>
<p>{{remark}}</p>
<p>本合同一式两份，甲乙双方各执一份，自双方签字盖章之日起生效。</p>
<table widths="*,*" layout="none">
  <tr><td><b>甲方：</b>{{customerName}}</td><td><b>乙方：</b>{{org.name}}</td></tr>
  <tr><td>签约人：{{customerSignerName}}</td><td>签约人：{{companySignerName}}</td></tr>
  <tr><td>日期：{{signedDate}}</td><td>日期：{{signedDate}}</td></tr>
  <tr><td>（盖章）</td><td>（盖章）</td></tr>
</table>`,
  },
  order: {
    name: '标准订单 / 发货单',
    body: `<table widths="*,*" layout="none">
  <tr><td><img src="logo" width="110" height="50"></td><td align="right"><h1>订单 / 发货单</h1><small>编号：{{number}}</small></td></tr>
</table>
<hr>
<table widths="*,*" layout="none">
  <tr>
    <td><b>客户</b><br>{{customerName}}<br>订单名称：{{title}}<br>下单日期：{{orderDate}}</td>
    <td><b>收货信息</b><br>{{receiverName}}　{{receiverPhone}}<br>{{shippingAddress}}</td>
  </tr>
</table>
<table widths="24,*,50,36,56,56,56" size="8.5">
  <tr><th>序号</th><th>产品名称</th><th>规格</th><th>单位</th><th align="right">数量</th><th align="right">已发货</th><th align="right">金额（含税）</th></tr>
  {{#lines}}
  <tr><td>{{index}}</td><td>{{productName}}<br><small>{{productCode}}</small></td><td>{{specification}}</td><td>{{unit}}</td><td align="right">{{quantity}}</td><td align="right">{{deliveredQuantity}}</td><td align="right">{{totalAmount}}</td></tr>
  {{/lines}}
  <tr><td colspan="6" align="right"><b>合计</b></td><td align="right"><b>{{totalAmount}}</b></td></tr>
</table>
<p>合计（大写）：{{totalAmountUpper}}</p>
<p>备注：{{remark}}</p>
<table widths="*,*,*" layout="none">
  <tr><td>发货人：</td><td>收货人签字：</td><td>日期：</td></tr>
</table>`,
  },
  payment: {
    name: '标准收款收据',
    body: `<div align="center"><img src="logo" width="90" height="40"><h2>收款收据</h2></div>
<table widths="*,*" layout="none">
  <tr><td>收据编号：{{number}}</td><td align="right">收款日期：{{paidOn}}</td></tr>
</table>
<table widths="90,*">
  <tr><th>交款单位</th><td>{{customerName}}</td></tr>
  <tr><th>合同</th><td>{{contractNumber}} {{contractName}}</td></tr>
  <tr><th>付款方</th><td>{{payerName}} {{payerAccount}}</td></tr>
  <tr><th>付款方式</th><td>{{method}}</td></tr>
  <tr><th>金额（小写）</th><td><b>{{amount}}</b></td></tr>
  <tr><th>金额（大写）</th><td><b>{{amountUpper}}</b></td></tr>
  <tr><th>备注</th><td>{{remark}}</td></tr>
</table>
<table widths="*,*,*" layout="none">
  <tr><td>收款单位：{{org.name}}</td><td>经办人：{{createdByName}}</td><td align="right">（盖章）</td></tr>
</table>`,
  },
  invoice: {
    name: '标准开票申请单',
    body: `<div align="center"><img src="logo" width="90" height="40"><h2>开票申请单</h2></div>
<table widths="90,*">
  <tr><th>申请编号</th><td>{{number}}</td></tr>
  <tr><th>客户</th><td>{{customerName}}</td></tr>
  <tr><th>发票类型</th><td>{{invoiceType}}</td></tr>
  <tr><th>抬头</th><td>{{title}}</td></tr>
  <tr><th>税号</th><td>{{taxNumber}}</td></tr>
  <tr><th>开票金额</th><td><b>{{amount}}</b>（大写：{{amountUpper}}）</td></tr>
  <tr><th>备注</th><td>{{remark}}</td></tr>
</table>
<p align="right">{{org.name}}　{{today}}</p>`,
  },
};

/** The placeholders a built-in template uses: always accepted for its record type. */
export function defaultTemplateFields(recordType: PrintRecordType): string[] {
  const parsed = parseTemplate(DEFAULT_PRINT_TEMPLATES[recordType].body);
  return [...new Set(templatePlaceholders(parsed.nodes).filter((p) => !p.inLines).map((p) => p.path))];
}

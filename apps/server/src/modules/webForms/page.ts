/**
 * The public form page as one small HTML document (pure). Every admin-written text is escaped;
 * the inline style and script carry the response's CSP nonce; settings travel as JSON in a
 * non-executable script element.
 */
import type { FormFieldDef } from './fields.ts';
import { EMBED_SCRIPT, PAGE_CSS, PAGE_SCRIPT } from './pageAssets.ts';
import type { FormLanguage, WebFormRow } from './schema.ts';
import { formMessage, HONEYPOT_FIELD, TOKEN_FIELD, type FormField } from './submission.ts';

export { EMBED_SCRIPT };

export function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

/** JSON safe inside <script>: no "</script>", no HTML comment openers, no line separators. */
export function scriptJson(value: unknown): string {
  return JSON.stringify(value).replace(/</g, '\\u003c').replace(/>/g, '\\u003e').replace(/&/g, '\\u0026').replace(/\u2028/g, '\\u2028').replace(/\u2029/g, '\\u2029');
}

/** The page's Content-Security-Policy: nothing but its own nonce'd style and script; any site may frame it. */
export function pageCsp(nonce: string): string {
  return [
    "default-src 'none'", `style-src 'nonce-${nonce}'`, `script-src 'nonce-${nonce}'`, "connect-src 'self'", "img-src 'self' data:",
    "base-uri 'none'", "form-action 'self' http: https:", 'frame-ancestors *',
  ].join('; ');
}

const UI = {
  'zh-CN': {
    submit: '提交', choose: '请选择', preview: '预览：提交不会创建线索', previewBanner: '预览模式：提交不会创建线索。',
    failed: '提交失败，请稍后再试', network: '网络异常，请检查网络后重试', notFound: '表单不存在或已停用', back: '返回',
  },
  en: {
    submit: 'Submit', choose: 'Choose…', preview: 'Preview: submitting does not create a lead', previewBanner: 'Preview: submitting here does not create a lead.',
    failed: 'Could not submit, please try again later', network: 'Network problem: check your connection and try again',
    notFound: 'This form does not exist or is no longer available', back: 'Back',
  },
} as const;

const label = (def: FormFieldDef, f: FormField, lang: FormLanguage) => f.config.label || (lang === 'en' ? def.labelEn : def.label);
const optionLabel = (o: { label: string; labelEn?: string }, lang: FormLanguage) => (lang === 'en' && o.labelEn ? o.labelEn : o.label);

const INPUT_TYPE: Partial<Record<FormFieldDef['input'], string>> = { mobile: 'tel', phone: 'tel', email: 'email', url: 'url', date: 'date', text: 'text', number: 'text' };

function renderField(f: FormField, i: number, lang: FormLanguage): string {
  const { def, config } = f;
  const req = config.required ? '<span class="req" aria-hidden="true">*</span>' : '';
  const name = escapeHtml(def.key);
  const text = escapeHtml(label(def, f, lang));
  const help = config.help ? `<p class="help" id="h-${i}">${escapeHtml(config.help)}</p>` : '';
  const describedBy = `aria-describedby="${config.help ? `h-${i} ` : ''}e-${i}"`;
  const common = `id="f-${i}" name="${name}" ${describedBy}${config.required ? ' required aria-required="true"' : ''}`;
  const err = `<p class="err" id="e-${i}" role="alert"></p>`;
  if (def.input === 'multiselect') {
    const boxes = (def.options ?? []).map((o, j) => `<label class="choice"><input type="checkbox" id="${j === 0 ? `f-${i}` : `f-${i}-${j}`}" name="${name}" value="${escapeHtml(o.value)}" data-for="${i}"> <span>${escapeHtml(optionLabel(o, lang))}</span></label>`).join('');
    return `<fieldset class="field" id="w-${i}" ${describedBy}><legend>${text}${req}</legend>${boxes}${help}${err}</fieldset>`;
  }
  if (def.input === 'checkbox') {
    return `<div class="field" id="w-${i}"><label class="choice"><input type="checkbox" value="true" ${common}> <span>${text}${req}</span></label>${help}${err}</div>`;
  }
  let control: string;
  if (def.input === 'textarea') control = `<textarea ${common} rows="4"${def.maxLength ? ` maxlength="${def.maxLength}"` : ''}></textarea>`;
  else if (def.input === 'select') {
    const opts = (def.options ?? []).map((o) => `<option value="${escapeHtml(o.value)}">${escapeHtml(optionLabel(o, lang))}</option>`).join('');
    control = `<select ${common}><option value="">${UI[lang].choose}</option>${opts}</select>`;
  } else {
    const extra = [
      def.maxLength ? `maxlength="${def.maxLength}"` : '', def.autocomplete ? `autocomplete="${def.autocomplete}"` : '',
      def.input === 'number' ? 'inputmode="decimal"' : '', def.input === 'mobile' || def.input === 'phone' ? 'inputmode="tel"' : '',
    ].filter(Boolean).join(' ');
    control = `<input type="${INPUT_TYPE[def.input] ?? 'text'}" ${common} ${extra}>`;
  }
  return `<div class="field" id="w-${i}"><label for="f-${i}">${text}${req}</label>${control}${help}${err}</div>`;
}

export interface PageOptions {
  row: Pick<WebFormRow, 'publicKey' | 'language' | 'title' | 'description' | 'submitLabel'>;
  fields: FormField[];
  token: string;
  nonce: string;
  submitUrl: string;
  embed: boolean;
  preview: boolean;
}

function shell(lang: FormLanguage, title: string, nonce: string, embed: boolean, inner: string, script = ''): string {
  return `<!doctype html>
<html lang="${lang}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1"><meta name="robots" content="noindex"><link rel="icon" href="data:,">
<title>${escapeHtml(title)}</title><style nonce="${nonce}">${PAGE_CSS}</style></head>
<body${embed ? ' class="embed"' : ''}><main>${inner}</main>${script}</body></html>`;
}

export function renderFormPage(o: PageOptions): string {
  const lang = o.row.language;
  const ui = UI[lang];
  const config = {
    key: o.row.publicKey, token: o.token, submitUrl: o.submitUrl, preview: o.preview,
    fields: o.fields.map((f) => ({ key: f.def.key, input: f.def.input, required: f.config.required, ...(f.def.maxLength ? { maxLength: f.def.maxLength } : {}) })),
    text: { required: formMessage(lang, 'required'), tooLong: formMessage(lang, 'tooLong', '{n}'), preview: ui.preview, failed: ui.failed, network: ui.network },
  };
  const inner = `${o.preview ? `<p class="notice">${ui.previewBanner}</p>` : ''}
<h1>${escapeHtml(o.row.title)}</h1>${o.row.description ? `<p class="desc">${escapeHtml(o.row.description)}</p>` : ''}
<form id="ll-form" method="post" action="${escapeHtml(o.submitUrl)}" accept-charset="utf-8">
${o.fields.map((f, i) => renderField(f, i, lang)).join('\n')}
<div class="hp" aria-hidden="true"><label for="ll-hp">Website</label><input type="text" id="ll-hp" name="${HONEYPOT_FIELD}" tabindex="-1" autocomplete="off"></div>
<input type="hidden" name="${TOKEN_FIELD}" value="${escapeHtml(o.token)}">
<button type="submit">${escapeHtml(o.row.submitLabel || ui.submit)}</button>
<p class="form-error" id="ll-form-error" role="alert"></p>
</form>
<div class="done" id="ll-done" role="status" hidden></div>`;
  const script = `<script type="application/json" id="ll-config">${scriptJson(config)}</script><script nonce="${o.nonce}">${PAGE_SCRIPT}</script>`;
  return shell(lang, o.row.title, o.nonce, o.embed, inner, script);
}

/** The answer to a plain (no-JavaScript) form post: the thank-you text or what went wrong. */
export function renderResultPage(lang: FormLanguage, nonce: string, title: string, message: string, opts: { lines?: string[]; backHref?: string } = {}): string {
  const lines = opts.lines ?? [];
  const list = lines.length ? `<ul>${lines.map((l) => `<li>${escapeHtml(l)}</li>`).join('')}</ul>` : '';
  const ok = !opts.backHref;
  const back = opts.backHref ? `<p><a href="${escapeHtml(opts.backHref)}">${UI[lang].back}</a></p>` : '';
  return shell(lang, title, nonce, false, `<h1>${escapeHtml(title)}</h1><p class="${ok ? 'done' : 'form-error'}">${escapeHtml(message)}</p>${list}${back}`);
}

export function renderNotFoundPage(lang: FormLanguage, nonce: string): string {
  return shell(lang, UI[lang].notFound, nonce, false, `<h1>${UI[lang].notFound}</h1>`);
}

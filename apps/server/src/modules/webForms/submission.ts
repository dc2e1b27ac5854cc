/**
 * Reading a visitor's submission (pure): checks every form field (required, length, format,
 * choices), builds the lead row, and picks out the anti-spam and page-context fields. Messages are
 * in the form's language because the visitor reads them next to the inputs.
 */
import { emailSchema, isHttpUrl, isMobileNumber, isPhoneNumber } from '@loopline/shared';
import { isValidDate } from '../../platform/records/customValues.ts';
import type { FieldIssue } from '../../platform/records/customValues.ts';
import type { FormFieldDef } from './fields.ts';
import type { FormFieldConfig, FormLanguage } from './schema.ts';

/** Hidden from people, irresistible to bots: anything in it marks the submission as spam. */
export const HONEYPOT_FIELD = 'website';
export const TOKEN_FIELD = '_token';
export const UTM_KEYS = ['utm_source', 'utm_medium', 'utm_campaign', 'utm_term', 'utm_content'] as const;
const PAGE_URL_FIELD = '_pageUrl';
const REFERRER_FIELD = '_referrer';
const CONTEXT_MAX = 2000;
const UTM_MAX = 200;

/** A configured form field joined with what the field is. */
export interface FormField { def: FormFieldDef; config: FormFieldConfig }

export interface PageContext {
  pageUrl: string | null;
  referrer: string | null;
  utm: Partial<Record<(typeof UTM_KEYS)[number], string>>;
}

export interface ReadSubmission {
  /** lead fields by API name, custom fields under `custom` */
  values: Record<string, unknown>;
  issues: FieldIssue[];
  honeypotFilled: boolean;
  token: string | null;
  context: PageContext;
}

export type MessageKey = 'required' | 'tooLong' | 'mobile' | 'phone' | 'email' | 'url' | 'number' | 'date' | 'choice' | 'single' | 'invalid'
  | 'tooFast' | 'expired' | 'badToken' | 'limited' | 'misconfigured' | 'thanks';
const MESSAGES: Record<FormLanguage, Record<MessageKey, string>> = {
  'zh-CN': {
    required: '请填写此项', tooLong: '最多 {n} 个字符', mobile: '请输入正确的手机号', phone: '请输入正确的电话号码（含区号）',
    email: '请输入正确的邮箱地址', url: '请输入以 http:// 或 https:// 开头的网址', number: '请输入数字', date: '请输入正确的日期',
    choice: '请从选项中选择', single: '只能填写一个值', invalid: '内容不符合要求',
    tooFast: '提交太快了，请稍等几秒再提交', expired: '页面已过期，请刷新后重新提交', badToken: '请刷新页面后重新提交',
    limited: '提交次数过多，请稍后再试', misconfigured: '表单暂时无法提交，请稍后再试', thanks: '提交成功，感谢您的关注！我们会尽快与您联系。',
  },
  en: {
    required: 'This field is required', tooLong: 'At most {n} characters', mobile: 'Enter a valid mobile number', phone: 'Enter a valid phone number with area code',
    email: 'Enter a valid email address', url: 'Enter a web address starting with http:// or https://', number: 'Enter a number', date: 'Enter a valid date',
    choice: 'Choose one of the options', single: 'Only one value is allowed', invalid: 'This value is not accepted',
    tooFast: 'That was quick! Please wait a few seconds and submit again', expired: 'This page has expired: reload it and submit again',
    badToken: 'Please reload the page and submit again', limited: 'Too many submissions: please try again later',
    misconfigured: 'This form cannot be submitted right now: please try again later', thanks: 'Thank you! We will be in touch soon.',
  },
};

export function formMessage(lang: FormLanguage, key: MessageKey, n?: number | string): string {
  return MESSAGES[lang][key].replace('{n}', String(n ?? ''));
}

const TRUE_WORDS = new Set(['true', 'on', '1', 'yes']);

/** First string of a value (urlencoded forms repeat keys), or null when absent/blank. */
function scalar(v: unknown): string | null | { error: 'single' } {
  if (v === undefined || v === null) return null;
  if (Array.isArray(v)) return v.length > 1 ? { error: 'single' } : scalar(v[0]);
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  if (typeof v !== 'string') return { error: 'single' };
  const s = v.trim();
  return s === '' ? null : s;
}

/** Checks one field; returns its value (undefined = not given) or the key of the message. */
function readField(f: FormFieldDef, raw: unknown): { value: unknown } | MessageKey | { tooLong: number } {
  if (f.input === 'checkbox') {
    const s = scalar(raw);
    if (typeof s === 'object' && s !== null) return s.error;
    return { value: s === null ? undefined : TRUE_WORDS.has(s.toLowerCase()) };
  }
  if (f.input === 'multiselect') {
    const list = (Array.isArray(raw) ? raw : raw === undefined || raw === null ? [] : [raw]).map((x) => (typeof x === 'string' ? x.trim() : x)).filter((x) => x !== '');
    if (list.some((x) => typeof x !== 'string' || !f.options?.some((o) => o.value === x))) return 'choice';
    return { value: list.length ? [...new Set(list)] : undefined };
  }
  const s = scalar(raw);
  if (s === null) return { value: undefined };
  if (typeof s === 'object') return s.error;
  if (f.maxLength !== undefined && s.length > f.maxLength) return { tooLong: f.maxLength };
  switch (f.input) {
    case 'mobile': return isMobileNumber(s) ? { value: s } : 'mobile';
    case 'phone': return isPhoneNumber(s) ? { value: s } : 'phone';
    case 'email': {
      const r = emailSchema.safeParse(s);
      return r.success ? { value: r.data } : 'email';
    }
    case 'url': return isHttpUrl(s) ? { value: s } : 'url';
    case 'date': return isValidDate(s) ? { value: s } : 'date';
    case 'number': {
      const n = Number(s.replace(/[,，\s]/g, ''));
      return s.length <= 20 && Number.isFinite(n) ? { value: n } : 'number';
    }
    case 'select': return f.options?.some((o) => o.value === s) ? { value: s } : 'choice';
    default: return { value: s };
  }
}

function clip(v: unknown, max: number): string | null {
  const s = scalar(v);
  return typeof s === 'string' ? s.slice(0, max) : null;
}

/** UTM tags sent explicitly win; otherwise they are read from the page the visitor was on. */
export function pageContext(body: Record<string, unknown>): PageContext {
  const pageUrl = clip(body[PAGE_URL_FIELD], CONTEXT_MAX);
  const referrer = clip(body[REFERRER_FIELD], CONTEXT_MAX);
  let fromPage: URLSearchParams | null = null;
  try {
    if (pageUrl) fromPage = new URL(pageUrl).searchParams;
  } catch {
    fromPage = null;
  }
  const utm: PageContext['utm'] = {};
  for (const k of UTM_KEYS) {
    const v = clip(body[k], UTM_MAX) ?? clip(fromPage?.get(k), UTM_MAX);
    if (v) utm[k] = v;
  }
  return { pageUrl: pageUrl && isHttpUrl(pageUrl) ? pageUrl : null, referrer: referrer && isHttpUrl(referrer) ? referrer : null, utm };
}

/**
 * Reads a submission against the form's fields. Keys the form does not ask for are ignored, so a
 * visitor can never set the owner, status or any field the admin did not put on the form.
 */
export function readSubmission(fields: FormField[], lang: FormLanguage, body: Record<string, unknown>): ReadSubmission {
  const values: Record<string, unknown> = {};
  const custom: Record<string, unknown> = {};
  const issues: FieldIssue[] = [];
  for (const { def, config } of fields) {
    const r = readField(def, body[def.key]);
    let value: unknown;
    if (typeof r === 'string') issues.push({ field: def.key, message: formMessage(lang, r) });
    else if ('tooLong' in r) issues.push({ field: def.key, message: formMessage(lang, 'tooLong', r.tooLong) });
    else value = r.value;
    const missing = value === undefined || (def.input === 'checkbox' && value === false);
    if (typeof r === 'object' && !('tooLong' in r) && missing && config.required) issues.push({ field: def.key, message: formMessage(lang, 'required') });
    if (value === undefined) continue;
    if (def.key.startsWith('custom.')) custom[def.key.slice(7)] = value;
    else values[def.key] = value;
  }
  if (Object.keys(custom).length) values.custom = custom;
  const hp = scalar(body[HONEYPOT_FIELD]);
  const token = scalar(body[TOKEN_FIELD]);
  return { values, issues, honeypotFilled: hp !== null, token: typeof token === 'string' ? token : null, context: pageContext(body) };
}

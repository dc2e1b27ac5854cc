/**
 * i18n setup: i18next for our strings, dayjs for dates; antd's locale follows in AppProviders.
 * The chosen language is remembered in localStorage; without a choice we follow the browser.
 * Chinese (the source of the keys and the fallback) ships in the first download; English is its own
 * chunk, fetched before the first render for English readers and on the first switch for others.
 */
import i18n from 'i18next';
import { initReactI18next } from 'react-i18next';
import dayjs from 'dayjs';
import relativeTime from 'dayjs/plugin/relativeTime';
import 'dayjs/locale/zh-cn';
import zhCN, { type Messages } from '../locales/zh-CN.ts';

export type Locale = 'zh-CN' | 'en';
export const LOCALES: Locale[] = ['zh-CN', 'en'];
const STORAGE_KEY = 'loopline.locale';

declare module 'i18next' {
  interface CustomTypeOptions {
    defaultNS: 'translation';
    resources: { translation: Messages };
  }
}

function storage(): Storage | undefined {
  try {
    return typeof localStorage === 'undefined' ? undefined : localStorage;
  } catch {
    return undefined; // Safari private mode and sandboxed iframes throw on access
  }
}

export function storedLocale(): Locale | undefined {
  const v = storage()?.getItem(STORAGE_KEY);
  return v === 'zh-CN' || v === 'en' ? v : undefined;
}

export function toLocale(tag: string | undefined | null): Locale | undefined {
  if (!tag) return undefined;
  const lower = tag.toLowerCase();
  if (lower.startsWith('zh')) return 'zh-CN';
  if (lower.startsWith('en')) return 'en';
  return undefined;
}

export function detectLocale(): Locale {
  const stored = storedLocale();
  if (stored) return stored;
  const langs = typeof navigator === 'undefined' ? [] : [navigator.language, ...(navigator.languages ?? [])];
  for (const tag of langs) {
    const l = toLocale(tag);
    if (l) return l;
  }
  // A browser in neither language reads English more likely than Chinese; no browser info at all: our home market.
  return langs.some(Boolean) ? 'en' : 'zh-CN';
}

export function currentLocale(): Locale {
  return i18n.language === 'en' ? 'en' : 'zh-CN';
}

dayjs.extend(relativeTime);

function applyToPage(locale: Locale) {
  dayjs.locale(locale === 'zh-CN' ? 'zh-cn' : 'en');
  if (typeof document !== 'undefined') document.documentElement.lang = locale;
}

const bundles: Record<Locale, () => Promise<Messages>> = {
  'zh-CN': async () => zhCN,
  en: () => import('../locales/en.ts').then((m) => m.default),
};

async function ensureLoaded(locale: Locale): Promise<void> {
  if (!i18n.hasResourceBundle(locale, 'translation')) i18n.addResourceBundle(locale, 'translation', await bundles[locale]());
}

/** Switches the UI language. `remember` is false when we merely adopt the user's server-side preference. */
export async function setLocale(locale: Locale, remember = true): Promise<void> {
  if (remember) storage()?.setItem(STORAGE_KEY, locale);
  await ensureLoaded(locale); // switch only once the words are there: no flash of keys or of the other language
  applyToPage(locale);
  await i18n.changeLanguage(locale);
}

const initial = detectLocale();
void i18n.use(initReactI18next).init({
  resources: { 'zh-CN': { translation: zhCN } },
  lng: 'zh-CN',
  fallbackLng: 'zh-CN',
  supportedLngs: LOCALES,
  interpolation: { escapeValue: false }, // React already escapes
  returnNull: false,
});

/** Resolves once the starting language is ready; main.tsx renders after it. */
export const i18nReady: Promise<void> = setLocale(initial, false).catch(() => applyToPage('zh-CN'));

export default i18n;

/**
 * Adds this feature's Chinese strings kept out of the first download (locales/more.zh-CN.ts) to
 * i18next. Every module of the feature that shows text imports this first, for its effect; the
 * shell imports only routes.tsx, so none of this is in the first download. English carries everything.
 */
import i18n from '../../lib/i18n.ts';
import more from './locales/more.zh-CN.ts';

i18n.addResourceBundle('zh-CN', 'translation', { printTemplates: more }, true, false);

/**
 * Adds the approval strings kept out of the first download (locales/more.zh-CN.ts) to i18next.
 * Imported for its effect by every lazily loaded approval module (pages, record parts, designer
 * parts) before they render. English needs nothing: its chunk carries everything.
 */
import i18n from '../../lib/i18n.ts';
import more from './locales/more.zh-CN.ts';

i18n.addResourceBundle('zh-CN', 'translation', { approvals: more }, true, false);

import type more from './more.zh-CN.ts';

/**
 * Shipped with the first download: only what the shell shows. The rest (more.zh-CN.ts) is added when
 * any module of this feature loads (../messages.ts); the type covers both so every key is checked.
 */
const messages = {
  title: '打印模板',
};

export default messages as typeof messages & typeof more;

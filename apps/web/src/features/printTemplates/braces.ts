/**
 * Messages that show the template language's {{…}} cannot write the braces themselves (i18next
 * would read them as its own placeholders): they write {{lb}}…{{rb}}, filled with ⟦ ⟧ and turned
 * back into braces here.
 */

import './messages.ts';
export const braces = (text: string) => text.replaceAll('⟦', '{{').replaceAll('⟧', '}}');
export const BRACE_VALUES = { lb: '⟦', rb: '⟧' } as const;

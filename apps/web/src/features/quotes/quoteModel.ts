/** What a quote's page offers in each status; the server enforces the same rules (modules/quotes/writes.ts). */
export const QUOTE_STATUSES = ['draft', 'inApproval', 'sent', 'accepted', 'rejected', 'expired'] as const;
export type QuoteStatus = (typeof QUOTE_STATUSES)[number];
export type QuoteAction = 'send' | 'email' | 'accept' | 'reject' | 'editLines';

export interface QuoteState {
  status?: QuoteStatus | string;
  /** the viewer's limit is exceeded and no discount approval was granted */
  needsDiscountApproval?: boolean;
}

/** Actions in display order; `canEdit` is the viewer's edit right on the record. */
export function quoteActions(q: QuoteState, canEdit: boolean): QuoteAction[] {
  if (!canEdit) return [];
  switch (q.status) {
    case 'draft':
      return q.needsDiscountApproval ? ['editLines'] : ['send', 'email', 'editLines'];
    case 'sent':
      return ['accept', 'reject', 'email'];
    case 'rejected':
    case 'expired':
      return ['editLines'];
    default:
      return [];
  }
}

export const STATUS_COLOR: Record<string, string> = {
  draft: 'default', inApproval: 'processing', sent: 'blue', accepted: 'success', rejected: 'error', expired: 'warning',
};

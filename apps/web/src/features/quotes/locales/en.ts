import type zh from './zh-CN.ts';

const messages: typeof zh = {
  title: 'Quotes',
  singular: 'Quote',
  status: { draft: 'Draft', inApproval: 'In approval', sent: 'Sent', accepted: 'Accepted', rejected: 'Rejected', expired: 'Expired' },
  approval: { none: 'No approval needed', pending: 'Discount in approval', approved: 'Discount approved', rejected: 'Discount refused', withdrawn: 'Discount approval withdrawn' },
  overLimit: 'Over discount limit',
  needsApproval: 'This quote gives up to {{pct}}% off, beyond your limit of {{limit}}%. Submit it for discount approval; it can be sent once approved.',
  approvalRefused: 'The discount approval was refused: change the lines and submit again.',
  linesTab: 'Line items',
  editLines: 'Edit lines',
  saveLines: 'Save lines',
  cancelEdit: 'Cancel',
  linesSaved: 'Lines saved',
  linesLocked: 'Only draft quotes can change their lines',
  noLines: 'No lines yet: click "Edit lines" to add products',
  actions: {
    send: 'Mark as sent', email: 'Send by email', accept: 'Accepted', reject: 'Declined', pdf: 'Download PDF', preview: 'Preview',
  },
  sendConfirm: 'Has the quote gone to the customer? Its lines cannot change once sent.',
  sent: 'Quote marked as sent',
  emailDialog: {
    title: 'Email the quote', to: 'To', subject: 'Subject', message: 'Message', send: 'Send',
    attachment: 'Attachment: {{file}}', sent: 'Quote sent to {{to}}', kept: 'Saved in the outbox (no SMTP configured)', failed: 'Sending failed: {{error}}',
  },
  acceptDialog: { title: 'Customer accepted', createContract: 'Also create a draft contract', ok: 'Accept', done: 'Quote accepted', contract: 'Contract created', openContract: 'Open contract' },
  rejectDialog: { title: 'Customer declined', reason: 'Reason', ok: 'Confirm', done: 'Quote marked as declined' },
  totals: { gross: 'Gross', discount: 'Discount', tax: 'Tax', total: 'Total', upper: 'In words' },
  validUntil: 'Valid until {{date}}',
  newQuote: 'New quote',
  newFromOpportunity: 'Quote from this opportunity',
  created: 'Quote created',
  related: { empty: 'No quotes yet', count: '{{count}} quotes, total {{total}}' },
  discountLimits: {
    title: 'Discount limits',
    hint: 'The largest discount (percent off list price) each role may give without approval. Empty means no limit; a user with several roles gets the most generous. Quotes beyond the limit need the quote discount approval before they can be sent.',
    role: 'Role', limit: 'Max discount (%)', unlimited: 'No limit', save: 'Save', saved: 'Discount limits saved',
  },
};

export default messages;

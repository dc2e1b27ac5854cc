import type messagesZh from './zh-CN.ts';

/** English strings of this feature; same shape as zh-CN.ts. */
const messages: typeof messagesZh = {
  title: 'Leads', singular: 'lead',
  status: { new: 'New', contacting: 'Contacting', qualified: 'Qualified', converted: 'Converted', invalid: 'Invalid' },
  actions: {
    contacting: 'Start contacting', qualified: 'Qualify', invalid: 'Mark invalid', reopen: 'Reopen', convert: 'Convert',
    statusChanged: 'Lead status updated', invalidTitle: 'Mark the lead invalid', reason: 'Reason', reasonPlaceholder: 'e.g. wrong number, duplicate, no need',
    reasonRequired: 'Please give a reason',
  },
  bulk: { status: 'Change status', statusTitle: 'Change status of the selected leads', newStatus: 'New status', reason: 'Reason', reasonHint: 'Required to mark invalid' },
  converted: {
    info: 'Converted on {{at}}', customer: 'Customer', contact: 'Contact', openContact: 'Open contact',
  },
  invalidInfo: 'Invalid: {{reason}}',
  convert: {
    title: 'Convert lead "{{name}}"', submit: 'Convert', done: 'The lead is now a customer',
    customer: 'Customer', newCustomer: 'New customer', existingCustomer: 'Existing customer', pickCustomer: 'Choose a customer',
    contact: 'Contact', createContact: 'Also create a contact', moreFields: 'Show all fields', fewerFields: 'Show common fields only',
    duplicatesTitle: 'Possibly existing records', duplicatesHint: 'If the customer already exists, attach the lead to it instead of creating a twin.', attach: 'Attach to this one',
    prefilledHint: 'Filled in from the lead conversion mapping; change anything you like.', history: 'The lead\'s timeline and files move to the new customer and contact.',
    problems: {
      customerRequired: 'Choose the customer to attach to', customerNameRequired: 'The customer needs a name', contactNameRequired: 'The contact needs a name',
    },
  },
  mapping: {
    title: 'Lead conversion mapping', description: 'When a lead is converted, its fields fill the new customer and contact as set here. Unmapped fields are not carried over.',
    leadField: 'Lead field', customerField: 'Customer field', contactField: 'Contact field', notMapped: 'Not mapped', saved: 'Mapping saved',
    reset: 'Undo changes', adminOnly: 'Only administrators can change the mapping.',
    problems: {
      unknownSource: 'Lead field "{{lead}}" no longer exists', unknownTarget: 'Target field "{{target}}" does not exist or cannot be mapped', duplicateTarget: '"{{target}}" is filled by more than one lead field',
      kindMismatch: '"{{lead}}" cannot be stored in "{{target}}"', optionsMismatch: 'Some options of "{{lead}}" do not exist in "{{target}}" and will be dropped',
      nameUnmapped: 'Nothing fills the {{side}} name: it must be typed when converting',
    },
  },
};

export default messages;

import type zh from './zh-CN.ts';

/** English strings of the admin feature; typed against zh-CN. */
const messages: typeof zh = {
  recordTypes: {
    lead: 'Leads', customer: 'Customers', contact: 'Contacts', opportunity: 'Opportunities', product: 'Products', quote: 'Quotes', contract: 'Contracts',
    order: 'Orders', paymentPlan: 'Payment plans', payment: 'Payments', invoice: 'Invoices', ticket: 'Service tickets', revisit: 'Revisits', activity: 'Follow-ups', target: 'Targets', task: 'Tasks',
  },
  actions: { view: 'View', create: 'Create', edit: 'Edit', delete: 'Delete', import: 'Import', export: 'Export', transfer: 'Transfer', claim: 'Claim' },
  scope: { self: 'Own only', subordinates: 'Own + subordinates', department: 'Department', departmentTree: 'Department + sub-departments', all: 'Everything' },
  access: { hidden: 'Hidden', readonly: 'Read-only', editable: 'Editable' },
  mask: { none: 'Not masked', list: 'Masked in lists', always: 'Always masked (except owner)' },
  currency: { CNY: 'Chinese yuan', HKD: 'Hong Kong dollar', TWD: 'New Taiwan dollar', USD: 'US dollar', EUR: 'Euro', JPY: 'Japanese yen', GBP: 'Pound sterling', SGD: 'Singapore dollar' },
  departments: {
    dragHint: 'Drag a department to change its parent or order, or pick the parent under Edit.', moved: 'Department moved',
    moveRefused: 'That move is not possible: {{reason}}', memberCount: '{{count}} members',
  },
  org: {
    title: 'Organization', hint: 'Name and logo appear throughout the app; time zone and currency decide how dates and money are shown.', profile: 'Profile', name: 'Organization name',
    timeZone: 'Time zone', timeZoneHint: 'Dates, "today" and the dates in record numbers follow this zone.', currency: 'Currency',
    fiscalYearStart: 'Fiscal year starts in', fiscalYearHint: '"This fiscal year" in reports starts in this month.', month: 'Month {{n}}',
    logo: 'Logo', logoHint: 'PNG or JPG, at most 1 MB; also printed on quote, contract and receipt PDFs. Wide or square, at least 128×128, works best.', uploadLogo: 'Upload logo', removeLogo: 'Remove',
    logoSaved: 'Logo updated', logoRemoved: 'Logo removed',
  },
  roles: {
    title: 'Roles & permissions', hint: 'A role decides what members may do with which records and which fields they see. Several roles combine to the most permissive.',
    create: 'New role', created: 'Role created', saved: 'Permissions saved', deleted: 'Role deleted', system: 'Built-in',
    deleteConfirm: 'Delete the role "{{name}}"?', name: 'Role name', nameEn: 'English name', key: 'Role key',
    keyHint: 'Starts with a letter; letters, digits or _; 2–40 characters; cannot change later', copyFrom: 'Copy permissions from', startEmpty: 'Start empty',
    adminRole: 'The administrator role has every permission, including settings, and cannot be changed.', dataScope: 'Data scope', unsaved: 'Unsaved changes',
    tabMatrix: 'Actions', tabFields: 'Field permissions', tabPreview: 'View as this role', recordType: 'Record type',
    allActionsOf: 'All actions on {{type}}', field: 'Field', access: 'Access', mask: 'Masking', custom: 'Custom',
    fieldsHint: 'Each field of {{type}} can be hidden, read-only or editable for this role; phone numbers and e-mail addresses can also be masked.',
  },
  preview: {
    hint: 'This is what a member with only this role sees in the {{type}} list (data scope counted from your own position).',
    unsaved: 'The preview shows saved permissions: save your changes first.', refresh: 'Refresh', cannotView: 'This role cannot view {{type}}.',
    empty: 'No records within this data scope', total: 'Showing {{shown}} of {{total}}',
  },
  fields: {
    title: 'Custom fields', hint: 'Add your own fields to {{type}}; they appear in forms, lists, filters and exports. Drag rows or use the arrows to reorder.',
    create: 'New field', editTitle: 'Edit field', label: 'Label', labelEn: 'English label', key: 'Field key',
    keyHint: 'Starts with a lower-case letter; letters, digits or _; at most 40; cannot change later', type: 'Type', typeFixed: 'The type cannot change after creation',
    rules: 'Rules', required: 'Required', unique: 'Unique', indexed: 'Indexed', indexedHint: 'Index fields you often filter or sort by: queries get faster',
    inUse: 'In use', records: '{{count}} records', unused: 'Unused', optionCount: '{{count}} options',
    options: 'Options', optionValue: 'Value', optionLabel: 'Label', addOption: 'Add option',
    min: 'Minimum', max: 'Maximum', minLength: 'Min length', maxLength: 'Max length', pattern: 'Format (regular expression)', patternHint: 'e.g. ^[A-Z]{2}\\d{6}$; leave empty for any',
    moveUp: 'Move up', moveDown: 'Move down', reordered: 'Order saved', deleted: 'Field deleted', empty: 'No custom fields yet',
    deleteConfirm: 'Delete the field "{{label}}"?', inUseTitle: '"{{label}}" is in use', inUseBody: '{{count}} records have a value in this field; deleting it removes those values too, for good.',
    deleteAnyway: 'Delete anyway',
  },
  fieldTypes: {
    text: 'Text', longText: 'Long text', number: 'Number', money: 'Money', percent: 'Percent', date: 'Date', datetime: 'Date & time',
    singleSelect: 'Single select', multiSelect: 'Multi select', user: 'Member', department: 'Department', boolean: 'Yes/No', phone: 'Phone', email: 'E-mail',
    url: 'URL', address: 'Address', attachment: 'Attachment',
  },
  numbering: {
    title: 'Auto-numbering', hint: 'New records get a number by these rules. A change applies to records created afterwards.', recordType: 'Record type', prefix: 'Prefix',
    prefixHint: 'Letters, digits, CJK characters and - _ / only', dateFormat: 'Date format', sequenceLength: 'Sequence digits', reset: 'Sequence resets',
    next: 'Next number', default: 'Default', editTitle: 'Numbering for {{type}}', preview: "Preview (today's first)", currentNext: 'With the saved rule the next one is {{next}}',
    saved: 'Saved; the next number is {{next}}',
    formats: { YYYYMMDD: 'Year-month-day (20250115)', YYYYMM: 'Year-month (202501)', YYYY: 'Year (2025)', none: 'No date' },
    resets: { daily: 'Daily', monthly: 'Monthly', yearly: 'Yearly', never: 'Never' },
  },
  apiKeys: {
    title: 'API keys', hint: 'Let other systems (ERP, web forms, …) call the Loopline API. A key acts with the permissions of its role.', create: 'New key',
    name: 'Name', nameHint: 'Say what it is for, e.g. "ERP sync"', role: 'Role', roleHint: 'The key can do only what this role allows', prefix: 'Key prefix',
    createdAt: 'Created', lastUsed: 'Last used', neverUsed: 'Never', status: 'Status', active: 'Active', revokedAt: 'Revoked {{at}}',
    revoke: 'Revoke', revokeConfirm: 'Systems using "{{name}}" lose access at once. Revoke?', revoked: 'Key revoked', created: 'Key created',
    createdTitle: 'Copy your key now', onceWarning: 'The key is shown only this once and cannot be viewed again. Copy it and keep it safe.',
    copiedIt: "I've copied it", usage: 'Send it in a request header: Authorization: Bearer <key>',
  },
  email: {
    title: 'Email', hint: "Your organization's own mail server (SMTP): invitations, password resets and notifications are sent through it.", smtp: 'SMTP server',
    mode: {
      organization: "Mail is sent through your organization's SMTP server.", server: "Mail is sent through the server's SMTP configuration.",
      outbox: 'No mail server yet: messages are kept in the outbox and not delivered.',
    },
    openOutbox: 'Open the outbox', host: 'Host', port: 'Port', secure: 'Use SSL/TLS', secureHint: 'Usually on for port 465; off for 587 and 25 (STARTTLS is used automatically).',
    user: 'User name', password: 'Password / app code', passwordSet: 'Set. Leave empty to keep it.', passwordNotSet: 'Not set',
    from: 'From', fromHint: 'Empty: {{from}}', remove: 'Remove', removeConfirm: 'Mail will then be kept in the outbox (or use the server configuration). Remove?',
    test: 'Send a test message', to: 'Send to', sendTest: 'Send test message',
    result: { sent: 'The test message was sent. Check the inbox.', kept: 'No mail server: the test message was kept in the outbox.', failed: 'Sending failed' },
  },
  audit: {
    title: 'Audit log', hint: 'Every change in the organization is recorded here and cannot be edited or deleted. Open an entry for the field-by-field before and after.',
    time: 'Time', actor: 'User', action: 'Action', recordType: 'Record type', changes: 'Changed fields', open: 'Open', system: 'System',
    loadMore: 'Load more', recordId: 'Record ID', device: 'Device', requestId: 'Request ID', diff: 'Changes', field: 'Field',
    before: 'Before', after: 'After', noDiff: 'No field changes in this entry',
    actions: {
      create: 'Create', update: 'Update', delete: 'Delete', restore: 'Restore', ownerChange: 'Owner change', permissionChange: 'Permission change',
      login: 'Log-in', logout: 'Log-out', deactivate: 'Deactivate', reactivate: 'Reactivate', invite: 'Invite', passwordReset: 'Password reset',
      share: 'Share', unshare: 'Unshare', export: 'Export', import: 'Import', reorder: 'Reorder',
      convert: 'Convert lead', converted: 'Converted from lead', merge: 'Merge', statusChange: 'Status change', lock: 'Lock', unlock: 'Unlock',
      claimFromPool: 'Claim from pool', assignFromPool: 'Assign from pool', returnToPool: 'Return to pool', handover: 'Handover',
    },
    types: {
      tenant: 'Organization', user: 'Member', department: 'Department', role: 'Role', apiKey: 'API key', customField: 'Custom field',
      numberRule: 'Numbering rule', mailSettings: 'Email settings', file: 'File', customer: 'Customer', view: 'View', session: 'Session',
      lead: 'Lead', contact: 'Contact', pool: 'Public pool', ownershipCaps: 'Ownership caps', assignmentRule: 'Assignment rule',
      assignmentSettings: 'Assignment settings', assignmentAvailability: 'Leave settings', leadConversionMapping: 'Lead conversion mapping', webForm: 'Web form', import: 'Import',
    },
  },
};

export default messages;

import type zh from './zh-CN.ts';

/** English strings of the records feature; typed against zh-CN. */
const messages: typeof zh = {
  searchPlaceholder: 'Search name, number, phone or email', filter: 'Filter', filterCount: 'Filter ({{count}})', columns: 'Columns',
  export: 'Export to Excel', exportStarted: 'Exporting — the file downloads shortly', exportTooLarge: 'At most {{max}} rows can be exported; narrow the filter first',
  create: 'New {{type}}', pageSize: '{{size}} / page', loadAll: 'Load all (up to {{max}})', loadedOf: 'Loaded {{loaded}} of {{total}}',
  loadingAll: 'Loading…', tooMany: '{{total}} rows; only the first {{max}} are loaded', empty: 'Nothing here yet', emptyFiltered: 'No records match',
  clearFilter: 'Clear filter', resetColumns: 'Reset to default', columnsSaved: 'Columns saved',
  views: { label: 'View', all: 'All', mine: 'My views', shared: 'Shared views', save: 'Save as view', saveTitle: 'Save current view', name: 'View name',
    share: 'Share with everyone (admins only)', saved: 'View saved', deleted: 'View deleted', deleteConfirm: 'Delete view "{{name}}"?', update: 'Update this view', updated: 'View updated' },
  builder: {
    title: 'Conditions', and: 'AND', or: 'OR', matchAll: 'Match all', matchAny: 'Match any', addCondition: 'Add condition', addGroup: 'Add group',
    field: 'Field', operator: 'Operator', value: 'Value', apply: 'Apply', clear: 'Clear', remove: 'Remove condition', removeGroup: 'Remove group',
    specificDate: 'Specific date', nDays: 'Days', from: 'From', to: 'To', raw: 'Advanced condition (read-only)', invalid: 'The filter is invalid: {{message}}',
    me: 'Me',
  },
  ops: {
    eq: 'is', neq: 'is not', gt: '>', gte: '≥', lt: '<', lte: '≤', in: 'is any of', notIn: 'is none of', contains: 'contains',
    notContains: 'does not contain', startsWith: 'starts with', isEmpty: 'is empty', isNotEmpty: 'is not empty', between: 'between',
  },
  dateOps: { eq: 'in', neq: 'not in', gt: 'after', gte: 'on or after', lt: 'before', lte: 'on or before' },
  relative: {
    today: 'Today', yesterday: 'Yesterday', tomorrow: 'Tomorrow', thisWeek: 'This week', lastWeek: 'Last week', nextWeek: 'Next week',
    thisMonth: 'This month', lastMonth: 'Last month', nextMonth: 'Next month', thisQuarter: 'This quarter', lastQuarter: 'Last quarter',
    nextQuarter: 'Next quarter', thisYear: 'This year', lastYear: 'Last year', nextYear: 'Next year', lastNDays: 'Last N days', nextNDays: 'Next N days',
  },
  bulk: {
    selected: '{{count}} selected', transfer: 'Transfer owner', addTags: 'Add tags', delete: 'Delete', clear: 'Clear selection',
    deleteConfirm: 'Delete the {{count}} selected records?', newOwner: 'New owner', tags: 'Tags', tagsHint: 'Type and press Enter; add several',
    done: '{{ok}} done', partial: '{{ok}} done, {{failed}} failed', failedTitle: 'These records were not changed',
  },
  detail: {
    details: 'Details', timeline: 'Timeline', files: 'Files', owner: 'Owner', number: 'Number', transfer: 'Transfer', share: 'Share',
    deleteConfirm: 'Delete "{{name}}"? An administrator can restore it.', deleted: 'Deleted', transferred: 'Owner changed', shared: 'Shared',
    shareUser: 'Share with', access: 'Access', read: 'Read only', write: 'Can edit', expiresAt: 'Expires', sharedWith: 'Shared with', unshare: 'Stop sharing',
    unshared: 'No longer shared', noShares: 'Not shared with anyone yet', notFound: 'This record does not exist or you may not see it', back: 'Back to list',
    transferReason: 'Reason for the transfer', team: 'Team members',
  },
  timeline: {
    empty: 'No activity yet', loadMore: 'Load more', system: 'System', apiKey: 'API', from: 'From {{type}}', reason: 'Reason',
    actions: { create: 'created the record', update: 'changed the record', delete: 'deleted the record', restore: 'restored the record',
      ownerChange: 'changed the owner', share: 'shared the record', unshare: 'stopped sharing', export: 'exported data', import: 'imported data',
      status: 'changed the status', statusChange: 'changed the status', convert: 'converted the lead', converted: 'created from a lead', lock: 'locked the customer', unlock: 'unlocked the customer',
      merge: 'merged records', merged: 'was merged', claim: 'claimed from the pool', return: 'returned to the pool', claimFromPool: 'claimed from the pool', assignFromPool: 'assigned from the pool', returnToPool: 'returned to the pool',
      assign: 'assigned the owner', handover: 'handed over work', tag: 'added tags', addTags: 'added tags' },
  },
  files: { upload: 'Upload file', uploaded: 'Uploaded {{name}}', empty: 'No files yet', size: 'Size', uploadedAt: 'Uploaded', download: 'Download', deleted: 'File deleted', deleteConfirm: 'Delete file "{{name}}"?' },
  form: {
    createTitle: 'New {{type}}', editTitle: 'Edit {{type}}', created: 'Created', saved: 'Saved', nothingChanged: 'Nothing to save',
    province: 'Province', city: 'City', district: 'District', detail: 'Street address', readOnly: 'Your role can only view this field',
    select: 'Select', uploadFile: 'Upload file', searchRecord: 'Type a name, number or phone', noMatch: 'No matching records',
  },
  owner: { label: 'Owner', me: 'Me', rules: 'By assignment rules', user: 'A colleague' },
  duplicates: {
    title: '{{count}} possible duplicates found', none: 'No duplicates', owner: 'Owner', hiddenOwner: '(hidden)', noOwner: 'None (public pool)',
    matchedOn: 'Matches on', similar: 'similar name {{pct}}%', createAnyway: 'Create anyway', saveAnyway: 'Save anyway',
    cannotOverride: 'A record with the same name exists; it cannot be created twice.',
    on: { mobile: 'mobile', email: 'email', phone: 'phone', company: 'company name', name: 'name', similarName: 'similar name' },
  },
  recycle: {
    title: 'Recycle bin', titleOf: '{{type}} recycle bin', hint: 'Deleted records stay here and can be restored.', restore: 'Restore', restoreSelected: 'Restore {{count}} selected',
    restored: 'Restored "{{name}}"', empty: 'The recycle bin is empty', name: 'Name', deletedAt: 'Deleted', deletedBy: 'Deleted by', deletedLine: 'deleted by {{by}} at {{at}}',
  },
  rules: {
    required: '{{field}} is required', minLength: 'At least {{limit}} characters', maxLength: 'At most {{limit}} characters', min: 'Must be at least {{limit}}',
    max: 'Must be at most {{limit}}', integer: 'Enter a whole number', decimals: 'At most 2 decimals', number: 'Enter a number', pattern: 'Wrong format',
    email: 'Enter a valid email address', phone: 'Enter a valid phone number (landlines with area code)', mobile: 'Enter an 11-digit mobile number or an international number starting with +', url: 'Enter a URL starting with http:// or https://',
  },
};

export default messages;

import type messagesZh from './zh-CN.ts';

/** English strings of this feature; same shape as zh-CN.ts. */
const messages: typeof messagesZh = {
  title: 'Duplicate check',
  hint: 'Enter a name, company, mobile or email to see whether matching or similar leads, customers and contacts already exist, and who owns them. Records you may not open show only their name and owner.',
  name: 'Name', company: 'Company', mobile: 'Mobile', email: 'Email',
  namePlaceholder: 'e.g. Zhang San', companyPlaceholder: 'e.g. Hangzhou Yunqi Network Technology Co., Ltd.', mobilePlaceholder: 'e.g. 138 0013 8000', emailPlaceholder: 'e.g. zhang@example.com',
  search: 'Check', clear: 'Clear', searchIn: 'Search in',
  needValue: 'Fill in at least one field',
  noneFound: 'No matching or similar records',
  found: '{{count}} possible duplicates found',
  groupEmpty: 'None',
  merge: {
    button: 'Merge', title: 'Merge two {{type}}', keep: 'Which record to keep', keepHint: 'The other one goes to the recycle bin; its history, files and related records move to the one you keep.',
    survivor: 'Keep', merged: 'Merged', fields: 'Choose the value to keep, field by field', showSame: 'Show identical fields', noDiff: 'The visible fields of both records are identical',
    readonly: 'You may not change this field; the kept record’s value stays', tags: 'Tags (both records’ tags are kept)', moves: 'Moves to the kept record: ', confirm: 'Merge',
    done: 'Merged; kept “{{name}}”', needTwo: 'Select two records',
    related: { contacts: '{{count}} contacts', leads: '{{count}} leads', files: '{{count}} files', shares: '{{count}} shares', history: '{{count}} history entries' },
  },
};

export default messages;

import type zh from './zh-CN.ts';
import more from './more.en.ts';

// English ships as its own chunk, so it carries everything at once.
const messages: typeof zh = {
  title: 'Approvals',
  status: { none: 'Not submitted', pending: 'In approval', approved: 'Approved', rejected: 'Rejected', withdrawn: 'Withdrawn', returned: 'Returned', cancelled: 'Cancelled' },
  pathTab: 'Approval',
  home: { title: 'Waiting for my approval', empty: 'Nothing waits for your approval', all: 'All approvals' },
  ...more,
};

export default messages;

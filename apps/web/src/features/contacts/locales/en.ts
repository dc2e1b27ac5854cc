import type messagesZh from './zh-CN.ts';

/** English strings of this feature; same shape as zh-CN.ts. */
const messages: typeof messagesZh = {
  title: 'Contacts', singular: 'contact',
  role: { decisionMaker: 'Decision maker', influencer: 'Influencer', user: 'User', purchaser: 'Purchaser', finance: 'Finance' },
  keyDecisionMaker: 'Key decision maker', primary: 'Primary contact',
  ofCustomer: {
    title: 'Contacts', add: 'Add contact', empty: 'This customer has no contacts yet', chain: 'Decision chain',
    noRole: 'No role', name: 'Name', jobTitle: 'Job title', mobile: 'Mobile', role: 'Role',
  },
};

export default messages;

import type zh from './zh-CN.ts';

/** English strings of the customers feature; typed against zh-CN. */
const messages: typeof zh = {
  title: 'Customers', singular: 'customer',
  grade: { A: 'Key', B: 'Normal', C: 'Low priority' },
  locked: 'Locked',
  lock: 'Lock', unlock: 'Unlock', lockedDone: 'Customer locked: it will not return to the public pool', unlocked: 'Customer unlocked',
  tabs: { contacts: 'Contacts', sourceLeads: 'Source leads', team: 'Team members' },
  summary: {
    contacts: 'Contacts', openLeads: 'Open leads', lastFollowup: 'Last follow-up', fromLeads: 'Converted from', noLeads: 'Not converted from a lead',
    dealToCash: 'Deals and cash', openOpportunities: 'Open opportunities', openOpportunityAmount: 'Pipeline amount', wonAmount: 'Won', quotes: 'Quotes',
    contracts: 'Contracts', contractAmount: 'Contract amount', received: 'Received', outstanding: 'Outstanding', invoiced: 'Invoiced',
  },
  handover: {
    title: 'Handover', description: 'When a colleague leaves or changes territory, move their open leads, customers and contacts to someone else in one go; the reason is kept in every record\'s timeline.',
    from: 'From', to: 'To', what: 'What moves', pickTypes: 'Choose at least one kind of record', reason: 'Reason', reasonPlaceholder: 'e.g. left the company, new territory',
    preview: 'Preview and hand over', run: 'Hand over', confirmTitle: 'Hand over {{from}}\'s records to {{to}}', unknownCount: '(you may not see how many)',
    leadNote: 'Only open leads move (new, contacting, qualified); converted and invalid leads stay as they are.',
    done: 'Handed {{from}}\'s records over to {{to}}: {{summary}}', sameUser: 'The receiver must be someone else', notAllowed: 'Your role may not transfer records.',
    status: { active: 'active', inactive: 'deactivated', invited: 'invited' },
  },
};

export default messages;

import type { Messages } from './zh-CN.ts';
import recordsEn from '../features/records/locales/en.ts';
import customersEn from '../features/customers/locales/en.ts';
import adminEn from '../features/admin/locales/en.ts';
import leadsEn from '../features/leads/locales/en.ts';
import contactsEn from '../features/contacts/locales/en.ts';
import dedupeEn from '../features/dedupe/locales/en.ts';
import publicPoolEn from '../features/publicPool/locales/en.ts';
import importsEn from '../features/imports/locales/en.ts';
import assignmentEn from '../features/assignment/locales/en.ts';
import webFormsEn from '../features/webForms/locales/en.ts';
import todoEn from '../features/todo/locales/en.ts';
import followupsEn from '../features/followups/locales/en.ts';
import tasksEn from '../features/tasks/locales/en.ts';
import flowsEn from '../features/flows/locales/en.ts';
import flowRunsEn from '../features/flowRuns/locales/en.ts';
import productsEn from '../features/products/locales/en.ts';
import opportunitiesEn from '../features/opportunities/locales/en.ts';
import approvalsEn from '../features/approvals/locales/en.ts';
import quotesEn from '../features/quotes/locales/en.ts';
import contractsEn from '../features/contracts/locales/en.ts';
import paymentsEn from '../features/payments/locales/en.ts';
import printTemplatesEn from '../features/printTemplates/locales/en.ts';

/** English. Typed against zh-CN so a missing or misspelled key fails the type check. */
const en: Messages = {
  brand: {
    name: 'Loopline',
    tagline: 'From lead to cash, in one loop.',
    pitch: 'An open-source CRM for growing teams: customers, deals, contracts and payments in one place.',
    point1: 'A clear sales process where every lead has an owner',
    point2: 'Field-level permissions, sensitive data masked for you',
    point3: 'Open source and self-hostable: your data stays yours',
  },
  common: {
    save: 'Save', cancel: 'Cancel', confirm: 'OK', delete: 'Delete', edit: 'Edit', create: 'New',
    search: 'Search', reset: 'Reset', loading: 'Loading…', retry: 'Retry', back: 'Back', actions: 'Actions',
    yes: 'Yes', no: 'No', none: 'None', optional: 'optional', all: 'All', close: 'Close', copy: 'Copy',
    saved: 'Saved', done: 'Done', total: '{{total}} in total', unknown: 'Unknown', justNow: 'just now',
  },
  lang: { label: 'Language', 'zh-CN': '简体中文', en: 'English' },
  nav: {
    home: 'Home', menu: 'Menu', collapse: 'Collapse menu', expand: 'Expand menu', logout: 'Log out', skipToContent: 'Skip to content',
    leads: 'Leads', customers: 'Customers', opportunities: 'Opportunities', quotes: 'Quotes', contracts: 'Contracts', orders: 'Orders', payments: 'Payments',
    service: 'Service tickets', revisits: 'Revisits', reports: 'Reports',
    organization: 'Organization', users: 'Members', departments: 'Departments', roles: 'Roles & permissions', customFields: 'Custom fields',
    numbering: 'Numbering', apiKeys: 'API keys', email: 'Email settings', outbox: 'Outbox', audit: 'Audit log', loginLogs: 'Sign-in log',
    profile: 'Profile', sessions: 'Devices', settings: 'Settings', account: 'My account',
    contacts: 'Contacts', publicPool: 'Public pool', dedupe: 'Duplicate check', imports: 'Imports',
    assignmentRules: 'Lead assignment', pools: 'Pool rules', webForms: 'Web forms', leadConversion: 'Lead conversion',
    tasks: 'Tasks', calendar: 'Calendar', followups: 'Follow-ups', flows: 'Automation flows',
    approvals: 'Approvals', forecast: 'Forecast', products: 'Products', invoices: 'Invoices', paymentPlans: 'Payment plans', pipelines: 'Pipelines',
    priceBooks: 'Price books', printTemplates: 'Print templates', discountLimits: 'Discount limits', approvalFlows: 'Approval flows',
    groups: { sales: 'Sales', care: 'Customer care', analytics: 'Analytics', settings: 'Settings', account: 'My account' },
  },
  auth: {
    identifier: 'Email or mobile', identifierPlaceholder: 'e.g. name@company.com',
    email: 'Email', mobile: 'Mobile', password: 'Password', passwordConfirm: 'Confirm password', name: 'Your name',
    organizationName: 'Company / organization', organizationPlaceholder: 'e.g. Spark Technology Ltd.',
    loginTitle: 'Log in to Loopline', loginSubtitle: "Welcome back. Let's keep deals moving.", login: 'Log in',
    noAccount: 'No account yet?', signupLink: 'Create an organization', forgot: 'Forgot password?',
    tryDemo: 'Just looking? Try the demo organization', demoLoading: 'Preparing the demo data…',
    chooseTenant: 'This account belongs to several organizations. Choose one:', tenant: 'Organization',
    signupTitle: 'Create your organization', signupSubtitle: 'Takes a minute. You will be its administrator.', signup: 'Create and start',
    haveAccount: 'Already have an account?', loginLink: 'Log in',
    forgotTitle: 'Reset your password', forgotSubtitle: 'Enter the email or mobile you signed up with and we will send a reset link.', sendLink: 'Send reset link',
    forgotSent: 'If the account exists, a reset link is on its way.',
    forgotSentHint: 'Without a mail server, an administrator can read the message under Settings › Outbox.',
    resetTitle: 'Choose a new password', resetSubmit: 'Update password', resetDone: 'Password updated. Log in with your new password.',
    tokenMissing: 'The link is incomplete. Open it again from the email.', tokenInvalid: 'This link has expired or was already used.', requestNewLink: 'Get a new link',
    inviteTitle: 'Join {{organization}}', inviteSubtitle: '{{email}} was invited. Set a password to get started.',
    inviteAccept: 'Accept and continue', inviteInvalid: 'This invitation is no longer valid. Ask your administrator to resend it.',
    passwordHint: 'At least 8 characters', passwordMismatch: 'The passwords do not match', mobileInvalid: 'Enter an 11-digit mobile number',
    emailInvalid: 'Enter a valid email address', required: 'Please enter {{field}}',
  },
  home: {
    greeting: 'Hello, {{name}}', subtitle: 'Workspace of {{organization}}', activeMembers: 'Active members',
    invited: 'Pending invitations', departments: 'Departments', customers: 'Customers', admin: 'Administrator', member: 'Member',
  },
  onboarding: {
    title: 'Get started with Loopline', progress: '{{done}} of {{total}} done', allDone: 'All done! Your team is ready to go.',
    dismiss: 'Hide', dismissed: 'Getting-started list hidden', done: 'Done', go: 'Set up',
    steps: {
      invite: { title: 'Invite your team', desc: 'Colleagues get an email, set a password and they are in.' },
      departments: { title: 'Set up departments and roles', desc: 'Departments and roles decide who sees which data.' },
      customers: { title: 'Import or create your first customers', desc: 'Bring in the customers you have; follow-ups start here.' },
    },
    sampleTitle: 'Want to look around first?', sampleDesc: 'Add 20 sample companies (owned by you) in one click; delete them any time.',
    sampleLoad: 'Load sample data', sampleLoaded: '{{count}} sample customers added', sampleConfirm: 'Add sample customers to this organization?',
  },
  search: {
    placeholder: 'Search customers, contacts…', open: 'Search', hint: 'Type to search', empty: 'Nothing found for “{{q}}”', failed: 'Search failed, try again',
    types: {
      lead: 'Leads', customer: 'Customers', contact: 'Contacts', opportunity: 'Opportunities', product: 'Products', quote: 'Quotes', contract: 'Contracts',
      order: 'Orders', paymentPlan: 'Payment plans', payment: 'Payments', invoice: 'Invoices', ticket: 'Tickets', revisit: 'Revisits', activity: 'Activities', target: 'Targets', task: 'Tasks',
    },
  },
  profile: {
    title: 'Profile', hint: 'Colleagues see your name and mobile; your language follows you to every device you sign in on.',
    name: 'Name', email: 'Email', mobile: 'Mobile', language: 'Language', saved: 'Profile saved',
    organization: 'Organization', timeZone: 'Organization time zone', currency: 'Organization currency',
  },
  users: {
    title: 'Members', invite: 'Invite member', searchPlaceholder: 'Search name, email or mobile', department: 'Department',
    status: 'Status', roles: 'Roles', manager: 'Manager', lastLogin: 'Last sign-in', createdAt: 'Joined', name: 'Name',
    email: 'Email', mobile: 'Mobile', never: 'Never', deactivate: 'Deactivate', reactivate: 'Reactivate', handover: 'Hand over work',
    resend: 'Resend invitation', resent: 'Invitation sent again', invitedOk: 'Invitation sent to {{email}}',
    deactivateConfirm: '{{name}} will no longer be able to sign in; their data is kept. Deactivate?', deactivated: 'Deactivated', reactivated: 'Reactivated',
    editTitle: 'Edit member', inviteTitle: 'Invite a member', inviteHint: 'They receive an email with a link to set a password and join.',
    statusActive: 'Active', statusInactive: 'Deactivated', statusInvited: 'Invited', allDepartments: 'All departments',
    noDepartment: 'Unassigned', defaultDepartment: 'Leave empty for the whole organization', defaultRole: 'Leave empty for the default role',
  },
  departments: {
    title: 'Departments', create: 'New department', addChild: 'Add sub-department', name: 'Name', parent: 'Parent department',
    sort: 'Order', members: 'Members', deleteConfirm: 'Delete the department "{{name}}"?',
    deleted: 'Department deleted', editTitle: 'Edit department', createTitle: 'New department', empty: 'No departments yet. Create the first one.',
    sortHint: 'Smaller numbers come first',
  },
  outbox: {
    title: 'Outbox', hint: 'Without a mail server (SMTP), system emails are kept here so demos and offline installs still work.',
    to: 'To', subject: 'Subject', status: 'Status', createdAt: 'Created', sentAt: 'Sent', error: 'Error',
    statusQueued: 'Queued', statusSent: 'Sent', statusFailed: 'Failed', statusKept: 'Kept',
  },
  loginLogs: {
    title: 'Sign-in log', identifier: 'Account', result: 'Result', ip: 'IP', userAgent: 'Device', time: 'Time',
    success: 'Success', failure: 'Failed',
    results: { wrongPassword: 'wrong password', unknownIdentifier: 'unknown account', locked: 'account locked', lockedOut: 'locked after failures', rateLimited: 'rate limited' },
  },
  sessions: {
    title: 'Devices', hint: 'These devices are signed in to your account. Remove any you do not recognise.', current: 'This device',
    ip: 'IP', createdAt: 'Signed in', lastSeenAt: 'Last active', expiresAt: 'Expires', revoke: 'Remove',
    revokeConfirm: 'The device will have to sign in again. Remove it?', revoked: 'Removed', revokeCurrent: 'Removing this device logs you out. Continue?',
  },
  notifications: {
    title: 'Notifications', empty: 'No unread notifications', markAllRead: 'Mark all as read', open: 'Open',
  },
  errors: {
    generic: 'Something went wrong. Please try again.', NETWORK_ERROR: 'Cannot reach the server. Check your connection.',
    INVALID_CREDENTIALS: 'Wrong account or password.', ACCOUNT_LOCKED: 'Too many failed attempts. The account is locked until {{until}}.',
    ACCOUNT_LOCKED_NO_TIME: 'Too many failed attempts. The account is temporarily locked.',
    TOO_MANY_ATTEMPTS: 'Too many attempts. Please wait a moment and try again.', INVALID_TOKEN: 'This link has expired or was already used.',
    DEPARTMENT_NOT_EMPTY: 'The department still has members or sub-departments.', VALIDATION_FAILED: 'Please check the highlighted fields.',
    FORBIDDEN: 'You are not allowed to do this.', UNAUTHENTICATED: 'Your session has ended. Please log in again.', NOT_FOUND: 'Not found, or it was deleted.',
    CONFLICT: 'This conflicts with existing data.', DUPLICATE: 'A record with the same value already exists.', CSRF_FAILED: 'This page has expired. Reload and try again.',
    SELF_DEACTIVATION: 'You cannot deactivate your own account.', NOT_JOINED: 'They have not accepted the invitation yet.', NOT_INVITED: 'This member has already joined.',
    ROOT_DEPARTMENT: 'The root department is the organization itself and cannot be deleted.', DEMO_DISABLED: 'The demo organization is not available on this server.', SAMPLE_DATA_LOADED: 'Sample data has already been loaded.',
    notFoundTitle: 'Page not found', notFoundDesc: 'The page does not exist or has moved.', forbiddenTitle: 'No access',
    forbiddenDesc: 'Only administrators can view this page.', crashTitle: 'The page failed to load', crashDesc: 'Possibly a network hiccup or a new release. Try reloading.',
    reload: 'Reload', goHome: 'Back to home',
  },
  records: recordsEn,
  customers: customersEn,
  admin: adminEn,
  leads: leadsEn,
  contacts: contactsEn,
  dedupe: dedupeEn,
  publicPool: publicPoolEn,
  imports: importsEn,
  assignment: assignmentEn,
  webForms: webFormsEn,
  todo: todoEn,
  followups: followupsEn,
  tasks: tasksEn,
  flows: flowsEn,
  flowRuns: flowRunsEn,
  products: productsEn,
  opportunities: opportunitiesEn,
  approvals: approvalsEn,
  quotes: quotesEn,
  contracts: contractsEn,
  payments: paymentsEn,
  printTemplates: printTemplatesEn,
};

export default en;

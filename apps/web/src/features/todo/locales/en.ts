import type messagesZh from './zh-CN.ts';

/** English strings of this feature; same shape as zh-CN.ts. */
const messages: typeof messagesZh = {
  title: 'To-do',
  panelTitle: 'My to-do', viewAll: 'View all', more: '{{count}} more', empty: 'Nothing to do right now. Well done!',
  urgent: 'Urgent', due: 'due {{at}}', failed: 'Could not load the to-do list', pageHint: 'Things waiting for you, most urgent first.',
};

export default messages;

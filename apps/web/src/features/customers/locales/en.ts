import type zh from './zh-CN.ts';

/** English strings of the customers feature; typed against zh-CN. */
const messages: typeof zh = {
  title: 'Customers', singular: 'customer',
  grade: { A: 'Key', B: 'Normal', C: 'Low priority' },
  locked: 'Locked',
};

export default messages;

import type zh from './zh-CN.ts';

const messages: typeof zh = {
  title: 'Approvals',
};

export default messages;

import type zh from './zh-CN.ts';

const messages: typeof zh = {
  title: 'Opportunities',
};

export default messages;

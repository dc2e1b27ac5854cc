import type zh from './zh-CN.ts';

const messages: typeof zh = {
  title: 'Quotes',
};

export default messages;

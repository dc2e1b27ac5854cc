import type zh from './zh-CN.ts';

const messages: typeof zh = {
  title: 'Contracts',
};

export default messages;

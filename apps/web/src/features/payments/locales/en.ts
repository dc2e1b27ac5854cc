import type zh from './zh-CN.ts';

const messages: typeof zh = {
  title: 'Payments',
};

export default messages;

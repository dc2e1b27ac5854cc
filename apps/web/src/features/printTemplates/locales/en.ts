import type zh from './zh-CN.ts';

const messages: typeof zh = {
  title: 'Print templates',
};

export default messages;

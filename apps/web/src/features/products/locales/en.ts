import type zh from './zh-CN.ts';

const messages: typeof zh = {
  title: 'Products',
};

export default messages;

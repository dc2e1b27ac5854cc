import type zh from './zh-CN.ts';

/** English strings of the admin feature; typed against zh-CN. */
const messages: typeof zh = {
};

export default messages;

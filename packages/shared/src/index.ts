export * from './auth.ts';
export * from './errors.ts';
export * from './permissions.ts';
export * from './filter/index.ts';
export * from './formats.ts';
export * from './phone.ts';
export * from './todo.ts';
export * from './publicPool.ts';

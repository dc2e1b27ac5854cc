export { compileFilter, compileSort, escapeLike, type SqlFieldCatalog, type SqlFieldDef } from './compile.ts';

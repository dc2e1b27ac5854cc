import { ACTIONS, RECORD_TYPES, type Action, type RecordType, type RolePermissions } from '@loopline/shared';

const all = ACTIONS;
const crud: Action[] = ['view', 'create', 'edit'];
const salesObjects: RecordType[] = ['lead', 'customer', 'contact', 'opportunity', 'quote', 'contract', 'order', 'activity', 'task'];
const grant = (objs: readonly RecordType[], acts: readonly Action[]) => Object.fromEntries(objs.map((o) => [o, [...acts]]));

export interface DefaultRole { key: string; name: string; nameEn: string; permissions: RolePermissions }

/** The roles of PRODUCT.md; admins can edit every one after sign-up. */
export const DEFAULT_ROLES: DefaultRole[] = [
  { key: 'admin', name: '管理员', nameEn: 'Administrator', permissions: { admin: true, dataScope: 'all', objects: grant(RECORD_TYPES, all) } },
  {
    key: 'salesDirector', name: '销售总监', nameEn: 'Sales director',
    permissions: { dataScope: 'all', objects: { ...grant(salesObjects, all), ...grant(['paymentPlan', 'payment', 'invoice', 'target', 'product'], ['view', 'export']) } },
  },
  {
    key: 'salesManager', name: '销售经理', nameEn: 'Sales manager',
    permissions: {
      dataScope: 'departmentTree',
      objects: { ...grant(salesObjects, ['view', 'create', 'edit', 'delete', 'import', 'export', 'transfer', 'claim']), ...grant(['paymentPlan', 'payment', 'invoice', 'product', 'target'], ['view']) },
    },
  },
  {
    key: 'salesRep', name: '销售', nameEn: 'Sales rep',
    permissions: {
      dataScope: 'self',
      objects: { ...grant(salesObjects, [...crud, 'claim']), ...grant(['paymentPlan', 'payment', 'invoice'], ['view', 'create', 'edit']), product: ['view'] },
      masks: { customer: { phone: 'list', email: 'list' }, lead: { mobile: 'list', phone: 'list', email: 'list' }, contact: { mobile: 'list', email: 'list' } },
    },
  },
  {
    key: 'customerService', name: '客服', nameEn: 'Customer service',
    permissions: {
      dataScope: 'all',
      objects: { ...grant(['ticket', 'revisit', 'activity', 'task'], [...crud, 'export']), ...grant(['customer', 'contact', 'order', 'contract'], ['view']) },
      fields: { customer: { healthScore: 'readonly' } },
      masks: { customer: { phone: 'always', email: 'always' }, contact: { mobile: 'always', email: 'always' } },
    },
  },
  {
    key: 'finance', name: '财务', nameEn: 'Finance',
    permissions: { dataScope: 'all', objects: { ...grant(['paymentPlan', 'payment', 'invoice'], all), ...grant(['contract', 'order', 'customer', 'quote'], ['view', 'export']) } },
  },
  {
    key: 'legal', name: '法务', nameEn: 'Legal',
    permissions: { dataScope: 'all', objects: { ...grant(['contract'], ['view', 'edit', 'export']), ...grant(['customer', 'quote'], ['view']) } },
  },
];

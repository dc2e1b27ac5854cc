/** Record types that permissions, custom fields, numbering and audit know about. Later modules add theirs here. */
export const RECORD_TYPES = [
  'lead', 'customer', 'contact', 'opportunity', 'product', 'quote', 'contract', 'order',
  'paymentPlan', 'payment', 'invoice', 'ticket', 'revisit', 'activity', 'target', 'task',
] as const;
export type RecordType = (typeof RECORD_TYPES)[number];

export const ACTIONS = ['view', 'create', 'edit', 'delete', 'import', 'export', 'transfer', 'claim'] as const;
export type Action = (typeof ACTIONS)[number];

/** self / self+subordinates / department / department+sub-departments / all */
export const DATA_SCOPES = ['self', 'subordinates', 'department', 'departmentTree', 'all'] as const;
export type DataScope = (typeof DATA_SCOPES)[number];

export type FieldAccess = 'hidden' | 'readonly' | 'editable';
/** list = masked in lists only; always = masked everywhere unless the viewer owns the record */
export type MaskMode = 'list' | 'always';

export interface RolePermissions {
  /** object -> actions granted */
  objects: Partial<Record<RecordType, Action[]>>;
  dataScope: DataScope;
  /** object -> field -> access (fields not listed are editable) */
  fields?: Partial<Record<RecordType, Record<string, FieldAccess>>>;
  /** object -> field -> masking mode */
  masks?: Partial<Record<RecordType, Record<string, MaskMode>>>;
  /** administration rights (users, roles, settings, audit) */
  admin?: boolean;
}

/** 138****5678 / z***@example.com — keeps enough to recognise, hides enough to protect. */
export function maskValue(kind: 'phone' | 'email', value: string | null | undefined): string | null | undefined {
  if (!value) return value;
  if (kind === 'phone') {
    if (value.length < 7) return '*'.repeat(value.length);
    return value.slice(0, 3) + '****' + value.slice(-4);
  }
  const at = value.indexOf('@');
  if (at <= 0) return '***';
  return value[0] + '***' + value.slice(at);
}

/** Types, vocabularies and queries of the admin settings pages; every request goes through lib/api.ts. */
import { useQuery } from '@tanstack/react-query';
import type { Action, DataScope, FieldAccess, MaskMode, RecordType } from '@loopline/shared';
import { api } from '../../lib/api.ts';

// Copies of the shared vocabularies, pinned to the shared types: importing the values would pull
// zod into these chunks for three arrays.
export const ACTIONS = ['view', 'create', 'edit', 'delete', 'import', 'export', 'transfer', 'claim'] as const satisfies readonly Action[];
export const DATA_SCOPES = ['self', 'subordinates', 'department', 'departmentTree', 'all'] as const satisfies readonly DataScope[];
export const RECORD_TYPES = [
  'lead', 'customer', 'contact', 'opportunity', 'product', 'quote', 'contract', 'order',
  'paymentPlan', 'payment', 'invoice', 'ticket', 'revisit', 'activity', 'target', 'task',
] as const satisfies readonly RecordType[];
/** Record types whose fields the server can list today (GET /<type>s/fields); field permissions need one. */
export const FIELD_RECORD_TYPES = ['customer'] as const satisfies readonly RecordType[];
export const CUSTOM_FIELD_TYPES = [
  'text', 'longText', 'number', 'money', 'percent', 'date', 'datetime', 'singleSelect', 'multiSelect',
  'user', 'department', 'boolean', 'phone', 'email', 'url', 'address', 'attachment',
] as const;
export type CustomFieldType = (typeof CUSTOM_FIELD_TYPES)[number];
export type { Action, DataScope, FieldAccess, MaskMode, RecordType };

export const adminKeys = {
  organization: ['org', 'profile'] as const,
  fields: (recordType: string) => ['admin', 'fields', recordType] as const,
  customFields: (recordType: string) => ['admin', 'custom-fields', recordType] as const,
  numbering: ['admin', 'numbering'] as const,
  apiKeys: ['admin', 'api-keys'] as const,
  mail: ['admin', 'mail-settings'] as const,
  preview: (roleId: string, recordType: string) => ['admin', 'role-preview', roleId, recordType] as const,
};

export interface OrganizationProfile {
  id: string;
  name: string;
  slug: string;
  timeZone: string;
  currency: string;
  locale: string;
  fiscalYearStartMonth: number;
  logoFileId: string | null;
  logoUrl: string | null;
}

export function useOrganization() {
  return useQuery({ queryKey: adminKeys.organization, queryFn: () => api.get<OrganizationProfile>('/organization') });
}

/** A field of a record type as GET /customers/fields describes it. */
export interface RecordField {
  key: string;
  label: string;
  labelEn: string;
  source: 'standard' | 'custom';
  type: string | null;
}

export function useRecordFields(recordType: string) {
  return useQuery({
    queryKey: adminKeys.fields(recordType),
    queryFn: () => api.get<{ items: RecordField[] }>(`/${recordType}s/fields`).then((r) => r.items),
  });
}

export interface FieldOption {
  value: string;
  label: string;
  labelEn?: string;
}

export interface CustomField {
  id: string;
  recordType: string;
  key: string;
  label: string;
  labelEn: string | null;
  type: CustomFieldType;
  options: FieldOption[];
  required: boolean;
  unique: boolean;
  min: number | null;
  max: number | null;
  pattern: string | null;
  indexed: boolean;
  sort: number;
  /** records with a value (admins only) */
  inUse: number | null;
}

export function useCustomFields(recordType: string) {
  return useQuery({
    queryKey: adminKeys.customFields(recordType),
    queryFn: () => api.get<{ items: CustomField[] }>('/custom-fields', { recordType }).then((r) => r.items),
  });
}

export interface RolePreview {
  roleId: string;
  recordType: string;
  canView: boolean;
  dataScope: DataScope;
  fields: { key: string; label: string; labelEn: string; access: FieldAccess; mask: MaskMode | null }[];
  rows: Record<string, unknown>[];
  total: number | null;
}

export interface NumberRule {
  recordType: RecordType;
  prefix: string;
  dateFormat: 'YYYYMMDD' | 'YYYYMM' | 'YYYY' | 'none';
  sequenceLength: number;
  reset: 'daily' | 'monthly' | 'yearly' | 'never';
  configured: boolean;
  next: string;
}

export interface ApiKey {
  id: string;
  name: string;
  prefix: string;
  roleId: string;
  createdBy: string;
  createdAt: string;
  lastUsedAt: string | null;
  revokedAt: string | null;
}

export interface MailSettings {
  smtp: { host: string; port: number; secure: boolean; user: string | null; from: string | null; passwordSet: boolean } | null;
  envSmtp: boolean;
  defaultFrom: string;
}

export interface AuditEntry {
  id: number;
  actorId: string | null;
  actorType: string;
  action: string;
  recordType: string;
  recordId: string | null;
  changes: { fields?: Record<string, { before: unknown; after: unknown }> } & Record<string, unknown> | null;
  ip: string | null;
  userAgent: string | null;
  requestId: string | null;
  createdAt: string;
}

import type { SQL } from 'drizzle-orm';
import type { AnyPgColumn, PgTable } from 'drizzle-orm/pg-core';
import type { FieldKind, RecordType } from '@loopline/shared';
import type { OwnedTable } from '../permissions/recordAccess.ts';
import { badRequest } from '../http/errors.ts';

/** A choice of a select field, labelled in both UI languages. */
export interface FieldOption {
  value: string;
  label: string;
  labelEn?: string;
}

/**
 * One standard (built-in) field of a record type, as the catalog, list columns and export see it.
 * `sql` must yield the PostgreSQL type the filter compiler expects for `kind`.
 */
export interface StandardFieldDef {
  key: string;
  label: string;
  labelEn: string;
  /** null: shown but neither filterable nor sortable */
  kind: FieldKind | null;
  sql: SQL | AnyPgColumn;
  sortable?: boolean;
  filterable?: boolean;
  /** NOT NULL column: sorts can skip NULLS LAST and so use a plain btree index (see listOrder) */
  notNull?: boolean;
  options?: FieldOption[];
}

/** The columns the records toolkit needs on a record table. */
export interface RecordTable extends OwnedTable {
  custom: AnyPgColumn;
  deletedAt: AnyPgColumn;
}

export interface RecordTypeDef {
  recordType: RecordType;
  /** drizzle table; also carries the OwnedTable columns */
  table: PgTable & RecordTable;
  /** plain table name, for DDL (custom-field indexes) — a constant in code, never user input */
  tableName: string;
  label: string;
  labelEn: string;
  standardFields: StandardFieldDef[];
}

// Modules register their record types when their routes module is imported, so the generic
// toolkit (custom fields, views, numbering) can work with tables it does not import.
const registry = new Map<RecordType, RecordTypeDef>();

export function registerRecordType(def: RecordTypeDef): RecordTypeDef {
  if (!/^[a-z_]+$/.test(def.tableName)) throw new Error(`bad table name ${def.tableName}`);
  registry.set(def.recordType, def);
  return def;
}

export function findRecordType(recordType: string): RecordTypeDef | undefined {
  return registry.get(recordType as RecordType);
}

/** 400 for a record type no module has registered (yet): nothing to attach fields or views to. */
export function requireRecordType(recordType: string): RecordTypeDef {
  const def = findRecordType(recordType);
  if (!def) throw badRequest('UNKNOWN_RECORD_TYPE', `record type "${recordType}" does not support this`, { field: 'recordType' });
  return def;
}

export function registeredRecordTypes(): RecordTypeDef[] {
  return [...registry.values()];
}

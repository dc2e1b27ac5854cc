/**
 * Pure edits of a role's permissions while the admin works on them; nothing is sent until Save.
 * Editable fields and unmasked fields are stored as absent, so roles stay small and readable.
 */
import type { Action, FieldAccess, MaskMode, RecordType, RolePermissions } from '@loopline/shared';
import { ACTIONS } from './api.ts';

export function setAction(p: RolePermissions, type: RecordType, action: Action, on: boolean): RolePermissions {
  const current = new Set(p.objects[type] ?? []);
  if (on) current.add(action);
  else current.delete(action);
  // "view" is the door to the rest: taking it away takes everything; granting anything grants it.
  if (action === 'view' && !on) current.clear();
  if (on) current.add('view');
  const objects = { ...p.objects };
  if (current.size) objects[type] = ACTIONS.filter((a) => current.has(a));
  else delete objects[type];
  return { ...p, objects };
}

export function setAllActions(p: RolePermissions, type: RecordType, on: boolean): RolePermissions {
  const objects = { ...p.objects };
  if (on) objects[type] = [...ACTIONS];
  else delete objects[type];
  return { ...p, objects };
}

function setIn<V>(map: Partial<Record<RecordType, Record<string, V>>> | undefined, type: RecordType, key: string, value: V | null) {
  const next = { ...(map ?? {}) };
  const inner = { ...(next[type] ?? {}) };
  if (value === null) delete inner[key];
  else inner[key] = value;
  if (Object.keys(inner).length) next[type] = inner;
  else delete next[type];
  return next;
}

export function setFieldAccess(p: RolePermissions, type: RecordType, key: string, access: FieldAccess): RolePermissions {
  const next = { ...p, fields: setIn(p.fields, type, key, access === 'editable' ? null : access) };
  // A hidden field has nothing to mask.
  return access === 'hidden' ? { ...next, masks: setIn(next.masks, type, key, null) } : next;
}

export function setMask(p: RolePermissions, type: RecordType, key: string, mode: MaskMode | null): RolePermissions {
  return { ...p, masks: setIn(p.masks, type, key, mode) };
}

export function compactPermissions(p: RolePermissions): RolePermissions {
  const out: RolePermissions = { objects: p.objects, dataScope: p.dataScope };
  if (p.fields && Object.keys(p.fields).length) out.fields = p.fields;
  if (p.masks && Object.keys(p.masks).length) out.masks = p.masks;
  if (p.admin) out.admin = true;
  return out;
}

export const fieldAccessOf = (p: RolePermissions, type: RecordType, key: string): FieldAccess => p.fields?.[type]?.[key] ?? 'editable';
export const maskOf = (p: RolePermissions, type: RecordType, key: string): MaskMode | null => p.masks?.[type]?.[key] ?? null;

/** Masking applies to phone numbers and e-mail addresses (standard or custom fields of those types). */
export function isMaskable(key: string, type: string | null): boolean {
  return type === 'phone' || type === 'email' || /phone|mobile|mail/i.test(key);
}

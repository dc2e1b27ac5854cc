import { DATA_SCOPES, type Action, type DataScope, type FieldAccess, type MaskMode, type RecordType, type RolePermissions } from '@loopline/shared';

/** What a person may do once all their roles are merged. Pure: no I/O, testable on its own. */
export interface EffectivePermissions {
  admin: boolean;
  actions: Map<RecordType, Set<Action>>;
  dataScope: DataScope;
  /** field access per object; a field absent here is editable */
  fields: Map<RecordType, Map<string, FieldAccess>>;
  masks: Map<RecordType, Map<string, MaskMode>>;
}

const accessRank: Record<FieldAccess, number> = { hidden: 0, readonly: 1, editable: 2 };

/**
 * Several roles combine to the most permissive: any role granting an action grants it, the widest data
 * scope wins, a field is as visible as the most generous role makes it, and a field is masked only if
 * every role masks it.
 */
export function mergeRoles(roles: RolePermissions[]): EffectivePermissions {
  const eff: EffectivePermissions = { admin: false, actions: new Map(), dataScope: 'self', fields: new Map(), masks: new Map() };
  if (roles.length === 0) return eff;
  let scopeRank = 0;
  const fieldSeen = new Map<RecordType, Map<string, FieldAccess>>();
  for (const role of roles) {
    if (role.admin) eff.admin = true;
    scopeRank = Math.max(scopeRank, DATA_SCOPES.indexOf(role.dataScope));
    for (const [obj, acts] of Object.entries(role.objects) as [RecordType, Action[]][]) {
      const set = eff.actions.get(obj) ?? new Set<Action>();
      acts.forEach((a) => set.add(a));
      eff.actions.set(obj, set);
    }
  }
  eff.dataScope = DATA_SCOPES[scopeRank] ?? 'self';
  // A field restricted by one role but not mentioned by another is editable through the other.
  for (const obj of new Set(roles.flatMap((r) => Object.keys(r.fields ?? {}))) as Set<RecordType>) {
    const merged = new Map<string, FieldAccess>();
    const keys = new Set(roles.flatMap((r) => Object.keys(r.fields?.[obj] ?? {})));
    for (const key of keys) {
      let best: FieldAccess = 'hidden';
      for (const r of roles) {
        const acc = r.fields?.[obj]?.[key] ?? 'editable';
        if (accessRank[acc] > accessRank[best]) best = acc;
      }
      if (best !== 'editable') merged.set(key, best);
    }
    if (merged.size) fieldSeen.set(obj, merged);
  }
  eff.fields = fieldSeen;
  for (const obj of new Set(roles.flatMap((r) => Object.keys(r.masks ?? {}))) as Set<RecordType>) {
    const merged = new Map<string, MaskMode>();
    const keys = new Set(roles.flatMap((r) => Object.keys(r.masks?.[obj] ?? {})));
    for (const key of keys) {
      const modes = roles.map((r) => r.masks?.[obj]?.[key]);
      if (modes.some((m) => !m)) continue;
      merged.set(key, modes.every((m) => m === 'always') ? 'always' : 'list');
    }
    if (merged.size) eff.masks.set(obj, merged);
  }
  return eff;
}

export function can(eff: EffectivePermissions, object: RecordType, action: Action): boolean {
  return eff.admin || (eff.actions.get(object)?.has(action) ?? false);
}

export function fieldAccess(eff: EffectivePermissions, object: RecordType, field: string): FieldAccess {
  if (eff.admin) return 'editable';
  return eff.fields.get(object)?.get(field) ?? 'editable';
}

/** Serialisable form for GET /auth/me and the web app. */
export function describe(eff: EffectivePermissions) {
  return {
    admin: eff.admin,
    dataScope: eff.admin ? ('all' as DataScope) : eff.dataScope,
    objects: Object.fromEntries([...eff.actions].map(([o, s]) => [o, [...s]])),
    fields: Object.fromEntries([...eff.fields].map(([o, m]) => [o, Object.fromEntries(m)])),
    masks: Object.fromEntries([...eff.masks].map(([o, m]) => [o, Object.fromEntries(m)])),
  };
}

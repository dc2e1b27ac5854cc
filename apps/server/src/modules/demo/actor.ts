import type { Actor } from '../../platform/auth/actor.ts';

/**
 * An admin actor acting as `userId`, for demo seeders that go through a module's service (submit for
 * approval, …) so the demo's records are made exactly as a person's would be.
 */
export function demoActor(tenantId: string, userId: string, timeZone: string): Actor {
  return {
    kind: 'user', tenantId, userId, userName: 'demo', departmentId: null, roleIds: [], timeZone, locale: 'zh-CN',
    perms: { admin: true, actions: new Map(), dataScope: 'all', fields: new Map(), masks: new Map() },
  };
}

import type { EffectivePermissions } from '../permissions/effective.ts';

/** Who is acting: a signed-in person or an API key acting with its role on behalf of its creator. */
export interface Actor {
  kind: 'user' | 'apiKey';
  tenantId: string;
  userId: string;
  userName: string;
  departmentId: string | null;
  roleIds: string[];
  perms: EffectivePermissions;
  timeZone: string;
  locale: string;
  sessionId?: string;
  csrfToken?: string;
  apiKeyId?: string;
}

import type { Action, DataScope, RecordType } from '@loopline/shared';
import type { Locale } from '../../lib/i18n.ts';

export interface CurrentUser {
  id: string;
  name: string;
  /** null for members who sign in with a mobile number only */
  email: string | null;
  mobile: string | null;
  locale: Locale | null;
  departmentId: string | null;
  managerId: string | null;
  roleIds: string[];
  isAdmin: boolean;
}

export interface Tenant {
  id: string;
  name: string;
  slug: string;
  timeZone: string;
  currency: string;
}

export interface Me {
  user: CurrentUser;
  tenant: Tenant;
  permissions: {
    objects: Partial<Record<RecordType, Action[]>>;
    dataScope: DataScope;
    admin: boolean;
  };
}

/** What signup, login and accepting an invitation answer with. */
export interface AuthResult {
  user: Pick<CurrentUser, 'id' | 'name' | 'email'> & Partial<CurrentUser>;
  tenant: Pick<Tenant, 'id' | 'name' | 'slug'> & Partial<Tenant>;
}

export interface TenantChoice {
  slug: string;
  name: string;
}

export interface InvitationInfo {
  email: string;
  name: string | null;
  organizationName: string;
}

/** The brief promised `tenant`; the server currently answers `tenantId` + `created`. Both are optional here. */
export interface DemoResult {
  tenant?: { slug: string; name: string };
  tenantId?: string;
  adminEmail: string;
  password: string;
}

export interface SessionItem {
  id: string;
  ip: string | null;
  userAgent: string | null;
  createdAt: string;
  lastSeenAt: string | null;
  expiresAt: string;
  current: boolean;
}

import crypto from 'node:crypto';
import type { Db } from '../../platform/db/client.ts';
import { departments, roles, tenants, userRoles, users } from '../../platform/db/schema.ts';
import { DEFAULT_ROLES } from '../../platform/permissions/defaultRoles.ts';

/** Creates an organization with the default roles, a root department and its first admin, in the caller's transaction. */
export async function createOrganization(
  db: Db,
  input: { organizationName: string; adminName: string; email: string | null; mobile: string | null; passwordHash: string | null; locale?: string; timeZone?: string; isDemo?: boolean },
) {
  const slug = `org-${crypto.randomBytes(4).toString('hex')}`;
  const [tenant] = await db
    .insert(tenants)
    .values({ name: input.organizationName, slug, locale: input.locale ?? 'zh-CN', timeZone: input.timeZone ?? 'Asia/Shanghai', isDemo: input.isDemo ?? false })
    .returning();
  const roleRows = await db
    .insert(roles)
    .values(DEFAULT_ROLES.map((r) => ({ tenantId: tenant!.id, key: r.key, name: r.name, nameEn: r.nameEn, isSystem: true, permissions: r.permissions })))
    .returning();
  const [root] = await db.insert(departments).values({ tenantId: tenant!.id, name: input.organizationName }).returning();
  const [admin] = await db
    .insert(users)
    .values({ tenantId: tenant!.id, name: input.adminName, email: input.email, mobile: input.mobile, passwordHash: input.passwordHash, departmentId: root!.id, locale: input.locale ?? null })
    .returning();
  const adminRole = roleRows.find((r) => r.key === 'admin')!;
  await db.insert(userRoles).values({ tenantId: tenant!.id, userId: admin!.id, roleId: adminRole.id });
  return { tenant: tenant!, admin: admin!, rootDepartment: root!, roles: roleRows };
}

import type { FastifyInstance } from 'fastify';
import { departmentRoutes } from './departments.ts';
import { userRoutes } from './users.ts';
import { roleRoutes } from './roles.ts';
import { rolePreviewRoutes } from './rolePreview.ts';
import { profileRoutes } from './profile.ts';

/** Organization profile, departments, users and roles: the organization an admin sets up. */
export async function organizationRoutes(app: FastifyInstance) {
  await app.register(profileRoutes);
  await app.register(departmentRoutes);
  await app.register(userRoutes);
  await app.register(roleRoutes);
  await app.register(rolePreviewRoutes);
}

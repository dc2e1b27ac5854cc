/** Test fixture shared by the records-toolkit tests: an organization with two sales departments. */
import crypto from 'node:crypto';
import { expect } from 'vitest';
import type { RolePermissions } from '@loopline/shared';
import { addUser, signUp, type SignedUp, type TestClient, type TestEnv } from '../../test/harness.ts';

export interface Member { client: TestClient; userId: string }
export interface Org {
  admin: SignedUp;
  deptEast: string;
  deptSouth: string;
  /** salesRep, east */ rep1: Member;
  /** salesRep, east */ rep2: Member;
  /** salesRep, south */ rep3: Member;
  /** salesManager (department tree), east */ manager: Member;
}

const email = (who: string) => `${who.toLowerCase()}-${crypto.randomBytes(4).toString('hex')}@example.com`; // the API lower-cases emails

export async function createDepartment(admin: TestClient, name: string): Promise<string> {
  const res = await admin.post('/api/v1/departments', { name });
  expect(res.statusCode, res.body).toBe(201);
  return res.json().id;
}

export async function setupOrg(env: TestEnv, organizationName?: string): Promise<Org> {
  const admin = await signUp(env.app, organizationName ? { organizationName } : {});
  const deptEast = await createDepartment(admin.client, '华东销售部');
  const deptSouth = await createDepartment(admin.client, '华南销售部');
  const user = (name: string, roleKeys: string[], departmentId: string) => addUser(env, admin.client, { name, email: email(name), roleKeys, departmentId });
  const rep1 = await user('rep1', ['salesRep'], deptEast);
  const rep2 = await user('rep2', ['salesRep'], deptEast);
  const rep3 = await user('rep3', ['salesRep'], deptSouth);
  const manager = await user('manager', ['salesManager'], deptEast);
  return { admin, deptEast, deptSouth, rep1, rep2, rep3, manager };
}

/** Adds a role through the roles API and a user holding only it. */
export async function userWithRole(env: TestEnv, admin: TestClient, key: string, permissions: RolePermissions): Promise<Member> {
  const res = await admin.post('/api/v1/roles', { key, name: key, permissions });
  expect(res.statusCode, res.body).toBe(201);
  return addUser(env, admin, { name: key, email: email(key), roleKeys: [key] });
}

/** Creates a customer; look-alike names and shared phones are fine here (查重 has its own tests). */
export async function newCustomer(client: TestClient, body: Record<string, unknown>): Promise<Record<string, any>> {
  const res = await client.post('/api/v1/customers', { duplicatePolicy: 'create', ...body });
  expect(res.statusCode, res.body).toBe(201);
  return res.json();
}

export const q = (filter: unknown) => encodeURIComponent(JSON.stringify(filter));

/** Ids of the customers a client sees in the list (first page of 200). */
export async function listedIds(client: TestClient, query = ''): Promise<string[]> {
  const res = await client.get(`/api/v1/customers?pageSize=200${query}`);
  expect(res.statusCode, res.body).toBe(200);
  return res.json().items.map((c: { id: string }) => c.id);
}

/** Organization data used by the settings pages and the home dashboard. */
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import type { RolePermissions } from '@loopline/shared';
import { api } from '../../lib/api.ts';
import { currentLocale } from '../../lib/i18n.ts';

export type UserStatus = 'active' | 'inactive' | 'invited';

export interface OrgUser {
  id: string;
  name: string;
  email: string | null;
  mobile: string | null;
  status: UserStatus;
  departmentId: string | null;
  managerId: string | null;
  roleIds: string[];
  lastLoginAt: string | null;
  createdAt: string;
}

export interface Department {
  id: string;
  name: string;
  parentId: string | null;
  sort: number;
  memberCount: number;
}

export interface Role {
  id: string;
  key: string;
  name: string;
  /** English name of built-in roles; custom roles have only `name` */
  nameEn?: string | null;
  isSystem: boolean;
  permissions: RolePermissions;
}

export interface Page<T> {
  items: T[];
  total: number;
}

export interface UserFilters {
  q?: string;
  departmentId?: string;
  status?: UserStatus;
  page?: number;
  pageSize?: number;
}

export const orgKeys = {
  users: (filters: UserFilters) => ['org', 'users', filters] as const,
  departments: ['org', 'departments'] as const,
  roles: ['org', 'roles'] as const,
};

export function useUsers(filters: UserFilters, enabled = true) {
  return useQuery({
    queryKey: orgKeys.users(filters),
    queryFn: ({ signal }) => api.get<Page<OrgUser>>('/users', { ...filters }, signal),
    placeholderData: keepPreviousData, // keep the table filled while the next page loads
    enabled,
  });
}

export function useDepartments(enabled = true) {
  return useQuery({
    queryKey: orgKeys.departments,
    queryFn: () => api.get<{ items: Department[] }>('/departments').then((r) => r.items),
    enabled,
  });
}

/** Built-in roles carry an English name; everything else shows as the admin typed it. */
export function roleLabel(role: Role): string {
  return currentLocale() === 'en' && role.nameEn ? role.nameEn : role.name;
}

export function useRoles(enabled = true) {
  return useQuery({
    queryKey: orgKeys.roles,
    queryFn: () => api.get<{ items: Role[] }>('/roles').then((r) => r.items),
    staleTime: 5 * 60_000,
    enabled,
  });
}

export interface DepartmentNode extends Department {
  children?: DepartmentNode[];
}

/** Flat list -> tree ordered by `sort` then name; orphans (parent deleted) surface at the top level. */
export function buildDepartmentTree(items: Department[]): DepartmentNode[] {
  const byId = new Map<string, DepartmentNode>(items.map((d) => [d.id, { ...d }]));
  const roots: DepartmentNode[] = [];
  for (const node of byId.values()) {
    const parent = node.parentId ? byId.get(node.parentId) : undefined;
    if (parent) (parent.children ??= []).push(node);
    else roots.push(node);
  }
  const order = (list: DepartmentNode[]) => {
    list.sort((a, b) => a.sort - b.sort || a.name.localeCompare(b.name));
    for (const n of list) if (n.children) order(n.children);
  };
  order(roots);
  return roots;
}

/** For TreeSelect: the same tree, with `exclude` and its descendants disabled (a department cannot move under itself). */
export function departmentTreeOptions(nodes: DepartmentNode[], exclude?: string, parentDisabled = false): TreeOption[] {
  return nodes.map((n) => {
    const disabled = parentDisabled || n.id === exclude;
    return { value: n.id, title: n.name, disabled, children: n.children ? departmentTreeOptions(n.children, exclude, disabled) : undefined };
  });
}

export interface TreeOption {
  value: string;
  title: string;
  disabled?: boolean;
  children?: TreeOption[];
}

/** Data of the assignment-rules page; every request goes through lib/api.ts. */
import { useQuery } from '@tanstack/react-query';
import type { FilterNode } from '@loopline/shared';
import { api } from '../../lib/api.ts';
import type { FieldMeta } from '../records/types.ts';

export interface LoadBalancedMember { userId: string; weight: number; cap: number | null }
export type RuleTarget =
  | { kind: 'user'; userId: string }
  | { kind: 'roundRobin'; userIds: string[] }
  | { kind: 'loadBalanced'; members: LoadBalancedMember[] };

export interface AssignmentRule {
  id: string;
  name: string;
  enabled: boolean;
  position: number;
  condition: FilterNode | null;
  target: RuleTarget;
  /** the condition no longer fits the lead fields (e.g. a deleted custom field): the rule never matches */
  conditionError: string | null;
  createdAt: string;
  updatedAt: string;
}
export interface RuleInput { name: string; enabled: boolean; condition: FilterNode | null; target: RuleTarget }

export type Fallback = 'owner' | 'pool' | 'none';
export interface AssignmentSettings { fallback: Fallback; defaultOwnerId: string | null; poolId: string | null }

export interface Person {
  userId: string;
  name: string;
  email: string | null;
  status: 'active' | 'invited' | 'inactive';
  departmentId: string | null;
  onLeave: boolean;
  /** last day of leave, YYYY-MM-DD; null = until switched off */
  until: string | null;
  availableNow: boolean;
}

export interface Reason { zh: string; en: string }
export interface TestResult {
  rules: { ruleId: string; name: string; enabled: boolean; matched: boolean; failed: { index: number; condition: FilterNode }[]; reason: Reason }[];
  outcome: { ruleId: string | null; ruleName: string | null; assignee: { kind: 'user' | 'pool'; id: string; name: string | null } | null; reason: Reason };
}

export const assignmentKeys = {
  rules: ['assignment', 'rules'] as const,
  settings: ['assignment', 'settings'] as const,
  people: ['assignment', 'people'] as const,
  pools: ['assignment', 'pools'] as const,
  leadFields: ['records', 'lead', 'fields'] as const,
};

export const useRules = () =>
  useQuery({ queryKey: assignmentKeys.rules, queryFn: () => api.get<{ items: AssignmentRule[] }>('/assignment-rules').then((r) => r.items) });

export const useAssignmentSettings = () =>
  useQuery({ queryKey: assignmentKeys.settings, queryFn: () => api.get<AssignmentSettings>('/assignment-settings') });

/** Everyone who is not deactivated, with their leave: the page picks people from this list too. */
export const usePeople = () =>
  useQuery({ queryKey: assignmentKeys.people, queryFn: () => api.get<{ items: Person[] }>('/assignment-availability').then((r) => r.items) });

/** The same key as the lead list's field query, so both share one cache entry. */
export const useLeadFields = () =>
  useQuery({ queryKey: assignmentKeys.leadFields, queryFn: () => api.get<{ items: FieldMeta[] }>('/leads/fields').then((r) => r.items), staleTime: 60_000 });

/** Public pools for the fallback; an organization without the pool module or pools gets an empty list. */
export const usePools = () =>
  useQuery({
    queryKey: assignmentKeys.pools,
    queryFn: () => api.get<{ items: { id: string; name: string }[] }>('/pools').then((r) => r.items).catch(() => []),
    staleTime: 60_000,
  });

/** Who a node means by "owner", "owner's manager", "the trigger's user" or a fixed user. Pure. */
import type { FlowPerson } from '@loopline/shared';
import { FlowStepError } from './errors.ts';
import type { NodeInput } from './types.ts';

/** Wording for the designer, dry run and errors. */
export function describePerson(p: FlowPerson): string {
  switch (p.kind) {
    case 'owner':
      return '负责人';
    case 'ownerManager':
      return '负责人的上级';
    case 'triggerUser':
      return '触发人';
    case 'user':
      return `用户 ${p.userId}`;
  }
}

function idOf(v: Record<string, unknown> | null | undefined): string | null {
  return v && typeof v.id === 'string' && v.id ? v.id : null;
}

/**
 * The user id a person means for this input, or null with the reason (e.g. "记录没有负责人").
 * `owner` falls back to record.ownerId when related.owner was not loaded.
 */
export function tryResolvePerson(p: FlowPerson, input: NodeInput): { userId: string } | { error: string } {
  switch (p.kind) {
    case 'owner': {
      const id = idOf(input.related.owner) ?? (typeof input.record?.ownerId === 'string' && input.record.ownerId ? input.record.ownerId : null);
      return id ? { userId: id } : { error: input.record ? '记录没有负责人' : '流程没有关联记录，找不到负责人' };
    }
    case 'ownerManager': {
      const id = idOf(input.related.ownerManager) ?? (typeof input.related.owner?.managerId === 'string' ? (input.related.owner.managerId as string) : null);
      if (id) return { userId: id };
      const owner = tryResolvePerson({ kind: 'owner' }, input);
      return { error: 'error' in owner ? owner.error : '负责人没有上级' };
    }
    case 'triggerUser':
      return input.trigger.userId ? { userId: input.trigger.userId } : { error: '流程不是由用户触发的，没有触发人' };
    case 'user':
      return { userId: p.userId };
  }
}

/** Like tryResolvePerson, but an unresolvable person fails the step with the reason. */
export function resolvePerson(p: FlowPerson, input: NodeInput): string {
  const r = tryResolvePerson(p, input);
  if ('error' in r) throw new FlowStepError(r.error);
  return r.userId;
}

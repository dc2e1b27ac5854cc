/** A customer's decision chain (决策链): roles in order and how contacts line up along it. Pure. */

export type DecisionRole = 'decisionMaker' | 'influencer' | 'user' | 'purchaser' | 'finance';
export const DECISION_ROLES: DecisionRole[] = ['decisionMaker', 'influencer', 'user', 'purchaser', 'finance'];

export interface ChainMember {
  name?: string;
  decisionRole?: DecisionRole | null;
  isKeyDecisionMaker?: boolean;
  isPrimary?: boolean;
}

/** Decision makers first, then influencers …, contacts without a role last; key people, then the primary contact, first within a role. */
export function byDecisionChain(a: ChainMember, b: ChainMember): number {
  const rank = (c: ChainMember) => (c.decisionRole ? DECISION_ROLES.indexOf(c.decisionRole) : DECISION_ROLES.length);
  return rank(a) - rank(b) || Number(Boolean(b.isKeyDecisionMaker)) - Number(Boolean(a.isKeyDecisionMaker))
    || Number(Boolean(b.isPrimary)) - Number(Boolean(a.isPrimary)) || (a.name ?? '').localeCompare(b.name ?? '', 'zh-CN');
}

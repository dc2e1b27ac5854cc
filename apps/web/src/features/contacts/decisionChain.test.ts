import { describe, expect, it } from 'vitest';
import { byDecisionChain, type ChainMember } from './decisionChain.ts';

describe('decision chain order', () => {
  it('lines contacts up from the decision maker down, roleless last, key people and the primary contact first', () => {
    const people: ChainMember[] = [
      { name: '无角色' },
      { name: '财务', decisionRole: 'finance' },
      { name: '使用者乙', decisionRole: 'user' },
      { name: '使用者甲', decisionRole: 'user', isPrimary: true },
      { name: '决策人', decisionRole: 'decisionMaker' },
      { name: '关键使用者', decisionRole: 'user', isKeyDecisionMaker: true },
      { name: '影响者', decisionRole: 'influencer' },
    ];
    expect([...people].sort(byDecisionChain).map((p) => p.name)).toEqual(['决策人', '影响者', '关键使用者', '使用者甲', '使用者乙', '财务', '无角色']);
  });
});

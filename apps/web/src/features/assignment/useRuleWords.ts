import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import type { FilterNode } from '@loopline/shared';
import type { FieldMeta } from '../records/types.ts';
import type { AssignmentRule, Person, RuleTarget } from './api.ts';
import { describeCondition, type Words } from './ruleText.ts';

/** Rules in the reader's language: the condition and the target as one line each. */
export function useRuleWords(fields: FieldMeta[], people: Person[]) {
  const { t, i18n } = useTranslation();
  const locale = i18n.language === 'en' ? 'en' : 'zh-CN';
  return useMemo(() => {
    const names = new Map(people.map((p) => [p.userId, p.name]));
    const person = (id: string) => names.get(id) ?? '?';
    const words: Words = {
      locale,
      op: (op) => t(`records.ops.${op}`),
      and: t('records.builder.and'),
      or: t('records.builder.or'),
      not: locale === 'en' ? 'not' : '非',
      relative: (kind, n) => `${t(`records.relative.${kind}` as 'records.relative.today')}${n ? ` (${n})` : ''}`,
      person,
    };
    const sep = locale === 'en' ? ', ' : '、';
    const condition = (r: AssignmentRule) => (r.condition ? describeCondition(r.condition, fields, words) : t('assignment.everyLead'));
    const target = (tg: RuleTarget) => {
      if (tg.kind === 'user') return t('assignment.target.userLine', { name: person(tg.userId) });
      if (tg.kind === 'roundRobin') return t('assignment.target.roundRobinLine', { names: tg.userIds.map(person).join(sep) });
      const members = tg.members.map((m) => t('assignment.target.memberLine', {
        name: person(m.userId), weight: m.weight, cap: m.cap === null ? '' : t('assignment.target.capPart', { cap: m.cap }),
      }));
      return t('assignment.target.loadBalancedLine', { names: members.join(sep) });
    };
    const describe = (node: FilterNode) => describeCondition(node, fields, words);
    return { condition, target, person, describe };
  }, [fields, people, locale, t]);
}

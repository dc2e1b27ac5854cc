import { and, eq, sql } from 'drizzle-orm';
import { z } from 'zod';
import { zonedDate, type RecordType } from '@loopline/shared';
import type { Db } from '../db/client.ts';
import { one } from '../db/query.ts';
import { numberRules } from '../db/schema.ts';

/** Auto-numbering: prefix + date + zero-padded sequence, e.g. KH202501150001. */
export const DATE_FORMATS = ['YYYYMMDD', 'YYYYMM', 'YYYY', 'none'] as const;
export const RESETS = ['daily', 'monthly', 'yearly', 'never'] as const;

export const numberRuleInput = z
  .object({
    // letters, digits, CJK and - _ / only: the prefix ends up in file names and URLs
    prefix: z.string().trim().max(20).regex(/^[\p{L}\p{N}_\-/]*$/u, 'letters, digits, - _ / only'),
    dateFormat: z.enum(DATE_FORMATS),
    sequenceLength: z.number().int().min(1).max(12),
    reset: z.enum(RESETS),
  })
  .strict();
export type NumberRuleInput = z.infer<typeof numberRuleInput>;
export interface NumberRule extends NumberRuleInput { recordType: string; configured: boolean }

const daily = (prefix: string): NumberRuleInput => ({ prefix, dateFormat: 'YYYYMMDD', sequenceLength: 4, reset: 'daily' });
/** Used until an admin configures a rule; pinyin initials as Chinese CRMs do (KH = 客户). */
export const DEFAULT_RULES: Partial<Record<RecordType, NumberRuleInput>> = {
  customer: daily('KH'), lead: daily('XS'), contact: daily('LXR'), opportunity: daily('SJ'), quote: daily('BJ'),
  contract: daily('HT'), order: daily('DD'), payment: daily('HK'), invoice: daily('FP'), ticket: daily('GD'), revisit: daily('HF'),
  product: { prefix: 'CP', dateFormat: 'none', sequenceLength: 6, reset: 'never' },
};

export function defaultRule(recordType: string): NumberRule {
  return { recordType, configured: false, ...(DEFAULT_RULES[recordType as RecordType] ?? daily('')) };
}

export async function loadRule(db: Db, tenantId: string, recordType: string): Promise<NumberRule> {
  const [r] = await db.select().from(numberRules).where(and(eq(numberRules.tenantId, tenantId), eq(numberRules.recordType, recordType))).limit(1);
  if (!r) return defaultRule(recordType);
  return { recordType, configured: true, prefix: r.prefix, dateFormat: r.dateFormat as NumberRule['dateFormat'], sequenceLength: r.sequenceLength, reset: r.reset };
}

/**
 * The counter row a number belongs to. The reset kind is part of the key so changing a rule from
 * daily to monthly starts a fresh counter instead of continuing a day's.
 */
export function periodKey(rule: Pick<NumberRule, 'reset'>, localDate: string): string {
  const [y, m, d] = localDate.split('-');
  switch (rule.reset) {
    case 'daily': return `d:${y}${m}${d}`;
    case 'monthly': return `m:${y}${m}`;
    case 'yearly': return `y:${y}`;
    case 'never': return 'all';
  }
}

export function formatNumber(rule: Pick<NumberRule, 'prefix' | 'dateFormat' | 'sequenceLength'>, localDate: string, seq: number): string {
  const [y, m, d] = localDate.split('-');
  const date = { YYYYMMDD: `${y}${m}${d}`, YYYYMM: `${y}${m}`, YYYY: `${y}`, none: '' }[rule.dateFormat];
  // A sequence longer than the padding is printed in full rather than truncated: numbers stay unique.
  return `${rule.prefix}${date}${String(seq).padStart(rule.sequenceLength, '0')}`;
}

/**
 * Takes the next number inside the caller's transaction. The upsert locks the period's counter
 * row until commit, so concurrent creates queue up and each gets the next value; a rolled-back
 * create rolls back its increment too, which keeps the sequence gap-free. Dates are the tenant's.
 */
export async function nextNumber(tx: Db, tenantId: string, recordType: string, now: Date, timeZone: string): Promise<string> {
  const rule = await loadRule(tx, tenantId, recordType);
  const local = zonedDate(now, timeZone);
  const row = await one<{ last_value: string | number }>(
    tx,
    sql`INSERT INTO number_sequences (tenant_id, record_type, period, last_value) VALUES (${tenantId}, ${recordType}, ${periodKey(rule, local)}, 1)
        ON CONFLICT (tenant_id, record_type, period) DO UPDATE SET last_value = number_sequences.last_value + 1
        RETURNING last_value`,
  );
  return formatNumber(rule, local, Number(row!.last_value));
}

/**
 * Takes `count` consecutive numbers in one statement, for batch creates and imports: the same
 * counter-row lock and gap-free guarantee as nextNumber, one round trip for the whole block.
 */
export async function nextNumbers(tx: Db, tenantId: string, recordType: string, count: number, now: Date, timeZone: string): Promise<string[]> {
  if (count <= 0) return [];
  const rule = await loadRule(tx, tenantId, recordType);
  const local = zonedDate(now, timeZone);
  const row = await one<{ last_value: string | number }>(
    tx,
    sql`INSERT INTO number_sequences (tenant_id, record_type, period, last_value) VALUES (${tenantId}, ${recordType}, ${periodKey(rule, local)}, ${count})
        ON CONFLICT (tenant_id, record_type, period) DO UPDATE SET last_value = number_sequences.last_value + ${count}
        RETURNING last_value`,
  );
  const first = Number(row!.last_value) - count + 1;
  return Array.from({ length: count }, (_, i) => formatNumber(rule, local, first + i));
}

/** What the next number would be, without taking it (settings preview). */
export async function previewNumber(db: Db, tenantId: string, rule: NumberRule, now: Date, timeZone: string): Promise<string> {
  const local = zonedDate(now, timeZone);
  const row = await one<{ last_value: string | number }>(
    db,
    sql`SELECT last_value FROM number_sequences WHERE tenant_id = ${tenantId} AND record_type = ${rule.recordType} AND period = ${periodKey(rule, local)}`,
  );
  return formatNumber(rule, local, Number(row?.last_value ?? 0) + 1);
}

// The generated part of the demo's customers: realistic, unique company names from the same word
// lists as the demo leads, with grades, stages, deals, tags and follow-ups spread as in a real book.
import { CORE_WORDS, INDUSTRIES, PLACES, STREETS, pick, random, weighted } from '../leads/demoData.ts';
import type { customers } from './schema.ts';

const DAY = 86_400_000;
const TAGS = ['重点客户', '老客户', '展会', '渠道伙伴', '政府项目', 'VIP', '价格敏感', '有二次采购'];
const SCALES = ['1-19', '20-99', '100-499', '500-999', '1000+'];
const SOURCES: [string, number][] = [['referral', 5], ['search', 4], ['inquiry', 4], ['lead', 4], ['ads', 2], ['visitBooking', 2], ['coldVisit', 1], ['promotion', 1]];

type NewCustomer = Omit<typeof customers.$inferInsert, 'tenantId' | 'number'>;

/** Which demo user owns the i-th generated customer: mostly the four reps, a few the managers. */
export function demoOwnerKey(i: number): string {
  if (i % 18 === 5) return 'manager1';
  if (i % 18 === 11) return 'manager2';
  return ['rep1', 'rep2', 'rep3', 'rep4'][i % 4]!;
}

/** `count` generated customers whose names avoid `taken`; deterministic (seeded). */
export function generateDemoCustomers(count: number, taken: Set<string>, now: number): (NewCustomer & { ownerKey: string })[] {
  const rnd = random(20_260_004);
  const out: (NewCustomer & { ownerKey: string })[] = [];
  for (let i = 0; out.length < count && i < count * 50; i++) {
    const [province, city, districts] = pick(rnd, PLACES);
    const [industry, trades] = pick(rnd, INDUSTRIES);
    const name = `${city.replace(/市$/, '')}${pick(rnd, CORE_WORDS)}${pick(rnd, trades)}${rnd() < 0.2 ? '股份' : ''}有限公司`;
    if (taken.has(name)) continue;
    taken.add(name);
    const n = out.length;
    const grade = weighted(rnd, [['A', 2], ['B', 5], ['C', 3]]) as 'A' | 'B' | 'C';
    const dealStatus = weighted(rnd, [['none', 50], ['won', 35], ['repeat', 15]]);
    const lifecycleStage = dealStatus === 'none' ? weighted(rnd, [['prospect', 8], ['churned', 1]]) : weighted(rnd, [['onboarding', 2], ['active', 6], ['churnRisk', 1], ['reactivated', 1]]);
    const created = now - Math.floor(30 + rnd() * 500) * DAY;
    // a quarter of the book has gone quiet for 20–60 days, so pool recycle rules have candidates
    const quietDays = rnd() < 0.25 ? 20 + Math.floor(rnd() * 41) : Math.floor(rnd() * 19);
    const lastFollowupAt = new Date(Math.max(created + DAY, now - quietDays * DAY - Math.floor(rnd() * 8) * 3600_000));
    const tags = TAGS.filter(() => rnd() < 0.12).slice(0, 3);
    if (grade === 'A' && !tags.includes('重点客户')) tags.unshift('重点客户');
    out.push({
      ownerKey: demoOwnerKey(n),
      name, kind: 'company', industry, grade, lifecycleStage, dealStatus,
      scale: pick(rnd, SCALES), source: weighted(rnd, SOURCES),
      province, city, district: pick(rnd, districts), address: `${pick(rnd, STREETS)}${1 + Math.floor(rnd() * 300)}号`,
      phone: rnd() < 0.5 ? `0${571 + (n % 300)}${String(80_000_000 + n * 7919).slice(0, 8)}` : `1${pick(rnd, ['39', '58', '86', '36'])}${String(10_000_000 + n * 104_729).slice(-8)}`,
      email: `service${n + 21}@demo-customer.cn`,
      website: rnd() < 0.4 ? `https://www.example-${n + 21}.cn` : null,
      tags, locked: grade === 'A' && rnd() < 0.35,
      healthScore: 40 + Math.floor(rnd() * 60),
      lastFollowupAt,
      nextFollowupAt: rnd() < 0.6 ? new Date(now + Math.floor(1 + rnd() * 21) * DAY) : null,
      lastOpportunityAt: dealStatus === 'none' && rnd() < 0.5 ? null : new Date(created + Math.floor(rnd() * 120) * DAY),
      createdAt: new Date(created),
      ownerSince: new Date(created + (rnd() < 0.15 ? Math.floor(rnd() * 25) * DAY : 0)),
    });
  }
  return out;
}

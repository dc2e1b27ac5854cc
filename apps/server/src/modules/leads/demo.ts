import { sql } from 'drizzle-orm';
import { zonedDate } from '@loopline/shared';
import type { Db } from '../../platform/db/client.ts';
import { rows } from '../../platform/db/query.ts';
import { linkRecords } from '../../platform/records/links.ts';
import { nextNumbers } from '../../platform/records/numbering.ts';
import { dedupeKeys } from '../dedupe/service.ts';
import type { DemoOrg } from '../demo/seed.ts';
import {
  CORE_WORDS, FOLLOWUPS, GIVEN, INDUSTRIES, INVALID_REASONS, PLACES, PRODUCTS, SOURCES, STATUSES, STREETS, SURNAMES, TAGS, TITLES, UTM,
  pick, random, weighted,
} from './demoData.ts';
import { leads, type LeadStatus } from './schema.ts';

const TOTAL = 500;
const UNASSIGNED = 40;
const DUPLICATE_PAIRS = 12;
const CONVERTED = 8;
const DAY = 86400_000;
const TZ = 'Asia/Shanghai';
const REPS = ['rep1', 'rep2', 'rep3', 'rep4'];

type Lead = typeof leads.$inferInsert;

/** The same mobile as people write it in different places, so 查重 has pairs to show. */
const FORMATS = [(m: string) => `+86 ${m.slice(0, 3)}-${m.slice(3, 7)}-${m.slice(7)}`, (m: string) => `${m.slice(0, 3)} ${m.slice(3, 7)} ${m.slice(7)}`, (m: string) => `86${m}`];

function makeLead(rnd: () => number, i: number, org: DemoOrg, now: number): Lead {
  const name = pick(rnd, SURNAMES) + pick(rnd, GIVEN);
  const [province, city, districts] = pick(rnd, PLACES);
  const [industry, trades] = pick(rnd, INDUSTRIES);
  const company = `${city.replace(/市$/, '')}${pick(rnd, CORE_WORDS)}${pick(rnd, trades)}有限公司`;
  const source = weighted(rnd, SOURCES);
  const status = weighted(rnd, STATUSES) as LeadStatus;
  const created = new Date(now - Math.floor(rnd() * 90 * DAY) - Math.floor(rnd() * 10 * 3600_000));
  const ownerId = i < UNASSIGNED ? null : org.usersByKey[REPS[i % REPS.length]!]!;
  const mobile = `1${pick(rnd, ['38', '39', '58', '59', '86', '87', '36', '77', '88'])}${String(Math.floor(rnd() * 1e8)).padStart(8, '0')}`;
  const worked = status === 'contacting' || status === 'qualified';
  const lastFollowupAt = worked || (status === 'invalid' && rnd() < 0.5) ? new Date(Math.min(now, created.getTime() + Math.floor(rnd() * 20 + 1) * DAY)) : null;
  const values: Lead = {
    tenantId: org.tenantId,
    name,
    company,
    title: pick(rnd, TITLES),
    mobile,
    phone: rnd() < 0.3 ? `0${String(Math.floor(rnd() * 900 + 100))}-${String(Math.floor(rnd() * 9e7 + 1e7))}` : null,
    email: rnd() < 0.6 ? `${['sales', 'info', 'contact', 'it', 'purchase'][i % 5]}${i}@${['hxkj', 'yhwl', 'htsy', 'cxkj', 'dsjt', 'jqgf'][i % 6]}.com.cn` : null,
    wechat: rnd() < 0.3 ? `wx_${mobile.slice(-6)}` : null,
    province,
    city,
    district: pick(rnd, districts),
    address: `${pick(rnd, STREETS)}${Math.floor(rnd() * 900 + 1)}号`,
    source,
    sourceDetail: source === 'webForm' ? pick(rnd, UTM) : source === 'import' ? { file: '2025秋季展会名单.xlsx' } : source === 'api' ? { system: '官网试用注册' } : {},
    industry,
    productInterest: pick(rnd, PRODUCTS),
    budget: rnd() < 0.55 ? String(Math.round(rnd() * 50 + 1) * 10000) : null,
    grade: rnd() < 0.7 ? (['A', 'B', 'B', 'C', 'C'] as const)[Math.floor(rnd() * 5)]! : null,
    status,
    invalidReason: status === 'invalid' ? pick(rnd, INVALID_REASONS) : null,
    ownerId,
    ownerSince: ownerId ? created : null,
    assignedAt: ownerId ? created : null,
    firstContactedAt: worked ? new Date(Math.min(now, created.getTime() + 6 * 3600_000)) : null,
    tags: rnd() < 0.35 ? [pick(rnd, TAGS)] : [],
    lastFollowupAt,
    lastFollowupContent: lastFollowupAt ? pick(rnd, FOLLOWUPS) : null,
    nextFollowupAt: worked ? new Date(now + Math.floor(rnd() * 14 + 1) * DAY) : null,
    createdBy: ownerId,
    createdAt: created,
    updatedAt: lastFollowupAt ?? created,
  };
  return values;
}

/** Leads whose customers exist in the demo: converted, linked so the customer's timeline shows them. */
async function convertedLeads(tx: Db, org: DemoOrg, now: number): Promise<{ lead: Lead; customerId: string; contactId: string | null }[]> {
  const found = await rows<{ id: string; name: string; owner_id: string | null; industry: string | null; province: string | null; city: string | null; contact_id: string | null; contact_name: string | null; mobile: string | null; title: string | null }>(tx, sql`
    SELECT c.id::text AS id, c.name, c.owner_id::text AS owner_id, c.industry, c.province, c.city,
           k.id::text AS contact_id, k.name AS contact_name, k.mobile, k.title
      FROM customers c
      LEFT JOIN LATERAL (SELECT id, name, mobile, title FROM contacts WHERE tenant_id = c.tenant_id AND customer_id = c.id AND deleted_at IS NULL ORDER BY is_primary DESC, created_at LIMIT 1) k ON true
     WHERE c.tenant_id = ${org.tenantId} AND c.deleted_at IS NULL ORDER BY c.created_at LIMIT ${CONVERTED}`);
  return found.map((c, i) => {
    const created = new Date(now - (100 + i * 7) * DAY);
    const converted = new Date(created.getTime() + 12 * DAY);
    return {
      customerId: c.id,
      contactId: c.contact_id,
      lead: {
        tenantId: org.tenantId, name: c.contact_name ?? `${SURNAMES[i]}${GIVEN[i]}`, company: c.name, title: c.title, mobile: c.mobile,
        province: c.province, city: c.city, industry: c.industry, source: ['referral', 'webForm', 'search', 'inquiry'][i % 4], status: 'converted',
        ownerId: c.owner_id, ownerSince: c.owner_id ? created : null, assignedAt: c.owner_id ? created : null, firstContactedAt: new Date(created.getTime() + DAY),
        lastFollowupAt: new Date(converted.getTime() - DAY), lastFollowupContent: '确认合作意向，转为客户', convertedAt: converted,
        convertedCustomerId: c.id, convertedContactId: c.contact_id, createdBy: c.owner_id, createdAt: created, updatedAt: converted,
      },
    };
  });
}

/**
 * Demo organization: ~500 leads across every source, 18 cities, 12 industries and all statuses,
 * spread over the four reps with ~40 waiting to be assigned, a dozen people entered twice with the
 * mobile written differently (for 查重), and a few already converted into the demo customers.
 */
export async function seedDemoLeads(tx: Db, org: DemoOrg): Promise<void> {
  const rnd = random(20260415);
  const now = Date.now();
  const made: Lead[] = [];
  for (let i = 0; i < TOTAL - DUPLICATE_PAIRS - CONVERTED; i++) made.push(makeLead(rnd, i, org, now));
  for (let d = 0; d < DUPLICATE_PAIRS; d++) {
    const original = made[UNASSIGNED + d * 9]!;
    const twin = makeLead(rnd, UNASSIGNED + d * 7 + 1, org, now);
    made.push({ ...twin, name: original.name, company: d % 3 === 0 ? original.company!.replace('有限公司', '(中国)有限公司') : original.company, mobile: FORMATS[d % FORMATS.length]!(original.mobile!), email: d % 2 ? original.email?.toUpperCase() ?? null : twin.email });
  }
  const converted = await convertedLeads(tx, org, now);
  made.push(...converted.map((c) => c.lead));
  // Numbers carry the day each lead came in, as they would have.
  const byDay = new Map<string, Lead[]>();
  for (const l of made.sort((a, b) => a.createdAt!.getTime() - b.createdAt!.getTime())) {
    const day = zonedDate(l.createdAt!, TZ);
    byDay.set(day, [...(byDay.get(day) ?? []), l]);
  }
  for (const list of byDay.values()) {
    const numbers = await nextNumbers(tx, org.tenantId, 'lead', list.length, list[0]!.createdAt!, TZ);
    list.forEach((l, i) => Object.assign(l, { number: numbers[i], ...dedupeKeys(l) }));
  }
  const ids: string[] = [];
  for (let i = 0; i < made.length; i += 250) ids.push(...(await tx.insert(leads).values(made.slice(i, i + 250)).returning({ id: leads.id })).map((r) => r.id));
  for (const c of converted) {
    const leadId = ids[made.indexOf(c.lead)]!;
    await linkRecords(tx, org.tenantId, { recordType: 'customer', recordId: c.customerId }, { recordType: 'lead', recordId: leadId }, 'converted', c.lead.ownerId ?? null);
    if (c.contactId) await linkRecords(tx, org.tenantId, { recordType: 'contact', recordId: c.contactId }, { recordType: 'lead', recordId: leadId }, 'converted', c.lead.ownerId ?? null);
  }
  await seedDemoLeadHistory(tx, org);
}

/**
 * A history for each demo lead, dated as it happened: it came in (by its source), then — for leads
 * being worked — the first contact and the status it reached, so lead timelines are not empty.
 */
export async function seedDemoLeadHistory(tx: Db, org: DemoOrg): Promise<void> {
  await tx.execute(sql`
    INSERT INTO audit_logs (tenant_id, actor_id, actor_type, action, record_type, record_id, changes, created_at)
    SELECT l.tenant_id, l.created_by, CASE WHEN l.created_by IS NULL THEN 'system' ELSE 'user' END, 'create', 'lead', l.id::text,
           jsonb_build_object('fields', jsonb_build_object(
             'name', jsonb_build_object('before', NULL, 'after', l.name),
             'company', jsonb_build_object('before', NULL, 'after', l.company),
             'source', jsonb_build_object('before', NULL, 'after', l.source),
             'status', jsonb_build_object('before', NULL, 'after', 'new'))),
           l.created_at
      FROM leads l WHERE l.tenant_id = ${org.tenantId}
    UNION ALL
    SELECT l.tenant_id, l.owner_id, 'user', 'statusChange', 'lead', l.id::text,
           jsonb_build_object('fields', jsonb_build_object('status', jsonb_build_object('before', 'new', 'after', l.status)))
             || CASE WHEN l.status = 'invalid' THEN jsonb_build_object('reason', l.invalid_reason) ELSE '{}'::jsonb END,
           coalesce(l.first_contacted_at, l.last_followup_at, l.updated_at)
      FROM leads l WHERE l.tenant_id = ${org.tenantId} AND l.status <> 'new'`);
}

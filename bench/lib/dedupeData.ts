/**
 * Data for the 查重 benchmark, in SQL only (INSERT … SELECT generate_series, deterministic via
 * hashint8): a big tenant with BENCH_DEDUPE_ROWS leads plus customers and contacts, and a second
 * tenant sharing the indexes. Raw phone/email values come in the spellings people type; the *_norm
 * keys are what the app's normalisers make of them (checked on a sample after the load).
 */
import { arr, BRAND_1, BRAND_2, CITIES, GIVEN, INDUSTRIES, SUFFIXES, SURNAMES, type Session } from './datagen.ts';

export interface DedupeTenant { slug: string; leads: number; customers: number; contacts: number }

const C = CITIES.length, B1 = BRAND_1.length, B2 = BRAND_2.length, I = INDUSTRIES.length, S = SUFFIXES.length;
/** distinct company names (city × brand × brand × industry × legal form) */
export const COMPANY_CAPACITY = C * B1 * B2 * I * S;
const PERMUTE = 7919;
/** mobile prefixes the data uses (1 + these two digits); probes that must miss use others */
export const DATA_MOBILE_PREFIXES = ['38', '39', '58', '59', '86', '87', '88', '89', '35', '36'];

const u = (k: number) => `((hashint8(g.i * 64 + ${k} + p.salt) & 2147483647)::float8 / 2147483648.0)`;
const pick = (xs: string[], e: string) => `(${arr(xs)})[1 + floor(${e} * ${xs.length})::int]`;

/** city‖brand‖brand‖industry (the normalised key) and the legal form, from row number i and a salt. */
function companyParts(salt: string): { norm: string; suffix: string } {
  const j = `((g.i * ${PERMUTE} + ${salt}) % ${COMPANY_CAPACITY})`;
  const part = (div: number, mod: number) => `((${j} / ${div}) % ${mod})`;
  return {
    norm: `(${arr(CITIES.map((c) => c[1]))})[1 + ${part(1, C)}] || (${arr(BRAND_1)})[1 + ${part(C, B1)}] || (${arr(BRAND_2)})[1 + ${part(C * B1, B2)}]
           || (${arr(INDUSTRIES.map((x) => x[1]))})[1 + ${part(C * B1 * B2, I)}]`,
    suffix: `(${arr(SUFFIXES)})[1 + ${part(C * B1 * B2 * I, S)}]`,
  };
}

/** 11-digit mobile from uniforms a, b; and the raw spellings: plain, "+86 138-0013-8000", "138 0013 8000". */
const mobileDigits = (a: string, b: string) => `('1' || ${pick(DATA_MOBILE_PREFIXES, a)} || lpad(floor(${b} * 100000000)::bigint::text, 8, '0'))`;
const spelled = (d: string, v: string) => `CASE WHEN ${v} < 0.6 THEN ${d} WHEN ${v} < 0.8 THEN '+86 ' || substr(${d}, 1, 3) || '-' || substr(${d}, 4, 4) || '-' || substr(${d}, 8, 4)
  ELSE substr(${d}, 1, 3) || ' ' || substr(${d}, 4, 4) || ' ' || substr(${d}, 8, 4) END`;

const FROM = (table: string) => `
  FROM (SELECT t.id, (hashtext(t.slug || '${table}') & 65535)::bigint * 1099511627776 AS salt, hashtext(t.slug || '${table}') & 65535 AS nsalt,
               (SELECT array_agg(u.id ORDER BY u.email) FROM users u WHERE u.tenant_id = t.id) AS owners
          FROM tenants t WHERE t.slug = $1 OFFSET 0) AS p
  CROSS JOIN LATERAL generate_series($2::bigint, $3::bigint) AS g(i)`;

const LEADS = `
INSERT INTO leads (tenant_id, number, name, company, mobile, email, source, status, owner_id, owner_since, mobile_norm, email_norm, company_norm, created_at, deleted_at)
SELECT p.id, 'XS' || lpad((g.i + 1)::text, 9, '0'), ${pick(SURNAMES, u(1))} || ${pick(GIVEN, u(2))}, x.norm || x.suffix,
       CASE WHEN ${u(3)} < 0.85 THEN ${spelled('x.d', u(4))} END,
       CASE WHEN ${u(5)} < 0.6 THEN CASE WHEN ${u(6)} < 0.1 THEN upper(x.mail) ELSE x.mail END END,
       ${pick(['webForm', 'api', 'import', 'search', 'ads', 'referral'], u(7))}, ${pick(['new', 'contacting', 'qualified', 'invalid'], u(8))},
       p.owners[1 + floor(${u(9)} * cardinality(p.owners))::int], now(),
       CASE WHEN ${u(3)} < 0.85 THEN x.d END, CASE WHEN ${u(5)} < 0.6 THEN x.mail END, x.norm,
       now() - ${u(10)} * interval '730 days', CASE WHEN ${u(11)} < 0.01 THEN now() END
  ${FROM('leads')}
  CROSS JOIN LATERAL (SELECT ${companyParts('p.nsalt').norm} AS norm, ${companyParts('p.nsalt').suffix} AS suffix, ${mobileDigits(u(12), u(13))} AS d,
                             'u' || (g.i + 1) || '@' || ${pick(['qq.com', '163.com', '126.com', 'foxmail.com', 'sina.com'], u(14))} AS mail) AS x`;

const CUSTOMERS = `
INSERT INTO customers (tenant_id, number, name, phone, email, owner_id, name_norm, phone_norm, email_norm, created_at)
SELECT p.id, 'KH' || lpad((g.i + 1)::text, 9, '0'), x.norm || x.suffix, ${spelled('x.d', u(4))}, x.mail,
       p.owners[1 + floor(${u(9)} * cardinality(p.owners))::int], x.norm, x.d, x.mail, now() - ${u(10)} * interval '730 days'
  ${FROM('customers')}
  CROSS JOIN LATERAL (SELECT ${companyParts('p.nsalt').norm} AS norm, ${companyParts('p.nsalt').suffix} AS suffix, ${mobileDigits(u(12), u(13))} AS d,
                             'info@c' || (g.i + 1) || '.com.cn' AS mail) AS x`;

const CONTACTS = `
INSERT INTO contacts (tenant_id, number, name, mobile, email, owner_id, mobile_norm, email_norm, created_at)
SELECT p.id, 'LXR' || lpad((g.i + 1)::text, 9, '0'), ${pick(SURNAMES, u(1))} || ${pick(GIVEN, u(2))}, ${spelled('x.d', u(4))}, x.mail,
       p.owners[1 + floor(${u(9)} * cardinality(p.owners))::int], x.d, x.mail, now() - ${u(10)} * interval '730 days'
  ${FROM('contacts')}
  CROSS JOIN LATERAL (SELECT ${mobileDigits(u(12), u(13))} AS d, 'p' || (g.i + 1) || '@c' || (g.i % 50000) || '.com.cn' AS mail) AS x`;

async function tenantWithUsers(s: Session, slug: string, users: number): Promise<void> {
  await s.query(`INSERT INTO tenants (name, slug) VALUES ($1, $1)`, [slug]);
  await s.query(`INSERT INTO users (tenant_id, name, email) SELECT t.id, 'rep' || k, 'rep' || k || '@' || t.slug || '.bench' FROM tenants t CROSS JOIN generate_series(1, $2) k WHERE t.slug = $1`, [slug, users]);
}

/** Loads the tenants; secondary indexes of the three tables are dropped first and rebuilt after. */
export async function generateDedupeData(s: Session, tenants: DedupeTenant[], log: (m: string) => void): Promise<Record<string, number>> {
  const seconds: Record<string, number> = {};
  const step = async (name: string, fn: () => Promise<unknown>) => {
    const t0 = performance.now();
    await fn();
    seconds[name] = +((performance.now() - t0) / 1000).toFixed(1);
    log(`  ${name}: ${seconds[name]} s`);
  };
  await s.query(`SET session_replication_role = replica`); // FK triggers off for the load; consistent by construction
  await step('tenants and users', async () => { for (const t of tenants) await tenantWithUsers(s, t.slug, 50); });
  const tables = ['leads', 'customers', 'contacts'];
  const indexes = (await s.query(`SELECT indexname, indexdef FROM pg_indexes WHERE schemaname = 'public' AND tablename = ANY($1) AND indexname NOT LIKE '%_pkey'`, [tables])).rows as { indexname: string; indexdef: string }[];
  for (const ix of indexes) await s.query(`DROP INDEX ${ix.indexname}`);
  for (const [table, text, n] of [['leads', LEADS, 'leads'], ['customers', CUSTOMERS, 'customers'], ['contacts', CONTACTS, 'contacts']] as const) {
    await step(table, async () => {
      for (const t of tenants) {
        for (let from = 0; from < t[n]; from += 250_000) await s.query(text, [t.slug, from, Math.min(t[n], from + 250_000) - 1]);
      }
    });
  }
  await s.query(`RESET session_replication_role`);
  await step('indexes', async () => {
    for (const ix of indexes) {
      const t0 = performance.now();
      await s.query(ix.indexdef);
      log(`    ${ix.indexname} ${((performance.now() - t0) / 1000).toFixed(1)} s`);
    }
  });
  await step('vacuum analyze', () => s.query(`VACUUM (ANALYZE) leads, customers, contacts`));
  return seconds;
}

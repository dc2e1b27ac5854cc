/** The probes of the 查重 benchmark: what people type when they create a lead, in a realistic mix. */
import type pg from 'pg';
import type { DedupeProbe } from '../../apps/server/src/modules/dedupe/service.ts';
import { normalizeCompanyName, normalizeEmail, normalizeMobile } from '../../apps/server/src/modules/dedupe/normalize.ts';
import { CITIES, INDUSTRIES } from './datagen.ts';

export interface Latency { n: number; p50: number; p95: number; p99: number; max: number; mean: number }

export function summarise(ms: number[]): Latency {
  const s = [...ms].sort((a, b) => a - b);
  const q = (p: number) => +s[Math.min(s.length - 1, Math.floor(p * s.length))]!.toFixed(2);
  return { n: s.length, p50: q(0.5), p95: q(0.95), p99: q(0.99), max: +s[s.length - 1]!.toFixed(2), mean: +(s.reduce((a, b) => a + b, 0) / s.length).toFixed(2) };
}

export interface Probe { kind: string; probe: DedupeProbe }

const spaced = (d: string) => `+86 ${d.slice(0, 3)}-${d.slice(3, 7)}-${d.slice(7)}`;

/**
 * n probes: 25 % an existing mobile typed differently, 15 % an existing email in upper case, 15 %
 * an existing company with another legal form and (中国), 15 % a similar company name (more words),
 * 30 % nothing like anything stored (mobile prefix 197 is not in the data, brand 某某 neither).
 * Also checks on the sampled rows that the stored keys are what the app's normalisers produce.
 */
export async function probeMix(c: pg.Client, tenantId: string, n: number): Promise<{ singles: Probe[]; kinds: Record<string, number>; sampleChecked: number }> {
  const sample = (await c.query<{ name: string; mobile: string | null; email: string | null; company: string; mobile_norm: string | null; email_norm: string | null; company_norm: string }>(
    `SELECT name, mobile, email, company, mobile_norm, email_norm, company_norm FROM leads
      WHERE tenant_id = $1 AND deleted_at IS NULL ORDER BY hashtext(id::text) LIMIT $2`, [tenantId, n * 2])).rows;
  for (const r of sample) {
    if (normalizeMobile(r.mobile) !== r.mobile_norm || normalizeEmail(r.email) !== r.email_norm || normalizeCompanyName(r.company) !== r.company_norm) {
      throw new Error(`generated keys disagree with the normalisers: ${JSON.stringify(r)}`);
    }
  }
  const withMobile = sample.filter((r) => r.mobile_norm);
  const withEmail = sample.filter((r) => r.email_norm);
  const singles: Probe[] = [];
  for (let i = 0; i < n; i++) {
    const r = sample[i]!;
    const slot = i % 20;
    const miss = `${CITIES[i % CITIES.length]![1]}某某${INDUSTRIES[i % INDUSTRIES.length]![1]}有限公司`;
    if (slot < 5) {
      const m = withMobile[i % withMobile.length]!;
      singles.push({ kind: 'mobile hit', probe: { name: m.name, mobile: spaced(m.mobile_norm!), company: miss } });
    } else if (slot < 8) {
      const m = withEmail[i % withEmail.length]!;
      singles.push({ kind: 'email hit', probe: { name: m.name, email: m.email_norm!.toUpperCase() } });
    } else if (slot < 11) {
      singles.push({ kind: 'company variant', probe: { name: r.name, company: `${r.company_norm}(中国)有限责任公司`, mobile: `197${String(i).padStart(8, '0')}` } });
    } else if (slot < 14) {
      singles.push({ kind: 'similar company', probe: { name: r.name, company: `${r.company_norm}发展有限公司` } });
    } else {
      singles.push({ kind: 'miss', probe: { name: r.name, mobile: `197${String(10_000_000 + i).slice(-8)}`, email: `nobody${i}@example.org`, company: miss } });
    }
  }
  const kinds: Record<string, number> = {};
  for (const p of singles) kinds[p.kind] = (kinds[p.kind] ?? 0) + 1;
  return { singles, kinds, sampleChecked: sample.length };
}

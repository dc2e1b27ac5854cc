import { dedupeKeys } from '../dedupe/service.ts';

export interface CustomerKeys { nameNorm?: string | null; phoneNorm?: string | null; emailNorm?: string | null }

/**
 * The stored 查重 keys of the fields present in `v` (a create row or a partial edit), so every
 * writer keeps name_norm / phone_norm / email_norm in step with name / phone / email.
 */
export function customerKeys(v: { name?: unknown; phone?: unknown; email?: unknown }): CustomerKeys {
  const k = dedupeKeys({ phone: v.phone, email: v.email, company: v.name });
  const out: CustomerKeys = {};
  if (v.name !== undefined) out.nameNorm = k.companyNorm;
  if (v.phone !== undefined) out.phoneNorm = k.mobileNorm;
  if (v.email !== undefined) out.emailNorm = k.emailNorm;
  return out;
}

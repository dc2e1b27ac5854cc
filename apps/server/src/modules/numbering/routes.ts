import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { eq } from 'drizzle-orm';
import { z } from 'zod';
import { RECORD_TYPES } from '@loopline/shared';
import { recordAudit } from '../../platform/audit/audit.ts';
import type { Db } from '../../platform/db/client.ts';
import { numberRules } from '../../platform/db/schema.ts';
import { auditSource, requireActor, requireAdmin, tenantDb } from '../../platform/http/request.ts';
import { DEFAULT_RULES, loadRule, numberRuleInput, previewNumber, type NumberRule } from '../../platform/records/numbering.ts';

const tags = ['numbering'];
const typeParams = z.object({ recordType: z.enum(RECORD_TYPES) });
const ruleOut = z.object({
  recordType: z.string(), prefix: z.string(), dateFormat: z.string(), sequenceLength: z.number(), reset: z.string(), configured: z.boolean(), next: z.string(),
});

/** Record types that carry a number: the ones with a default rule, plus any an admin configured. */
const NUMBERED = Object.keys(DEFAULT_RULES);

export async function numberingRoutes(fastify: FastifyInstance) {
  const app = fastify.withTypeProvider<ZodTypeProvider>();

  const withPreview = async (db: Db, tenantId: string, timeZone: string, rule: NumberRule) => ({
    ...rule,
    next: await previewNumber(db, tenantId, rule, new Date(), timeZone),
  });

  app.get('/numbering-rules', { schema: { tags, response: { 200: z.object({ items: z.array(ruleOut) }) } } }, async (req) => {
    const actor = requireActor(req);
    return tenantDb(req, async (db) => {
      const configured = await db.select({ recordType: numberRules.recordType }).from(numberRules).where(eq(numberRules.tenantId, actor.tenantId));
      const types = [...new Set([...NUMBERED, ...configured.map((r) => r.recordType)])];
      const items = [];
      for (const t of types) items.push(await withPreview(db, actor.tenantId, actor.timeZone, await loadRule(db, actor.tenantId, t)));
      return { items };
    });
  });

  app.get('/numbering-rules/:recordType/preview', { schema: { tags, params: typeParams, response: { 200: ruleOut } } }, async (req) => {
    const actor = requireActor(req);
    return tenantDb(req, async (db) => withPreview(db, actor.tenantId, actor.timeZone, await loadRule(db, actor.tenantId, req.params.recordType)));
  });

  // Changing a rule affects numbers issued from now on; existing records keep theirs.
  app.put('/numbering-rules/:recordType', { schema: { tags, params: typeParams, body: numberRuleInput, response: { 200: ruleOut } } }, async (req) => {
    const actor = requireAdmin(req);
    const { recordType } = req.params;
    return tenantDb(req, (db) =>
      db.transaction(async (tx) => {
        const t = tx as unknown as Db;
        const before = await loadRule(t, actor.tenantId, recordType);
        await t
          .insert(numberRules)
          .values({ tenantId: actor.tenantId, recordType, ...req.body })
          .onConflictDoUpdate({ target: [numberRules.tenantId, numberRules.recordType], set: { ...req.body, updatedAt: new Date() } });
        const after = await loadRule(t, actor.tenantId, recordType);
        const strip = ({ configured: _c, ...r }: NumberRule) => r;
        await recordAudit(t, auditSource(req), { action: 'update', recordType: 'numberRule', recordId: recordType, before: strip(before), after: strip(after) });
        return withPreview(t, actor.tenantId, actor.timeZone, after);
      }),
    );
  });
}

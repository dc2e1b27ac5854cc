/** The kanban board (看板) of a pipeline: one column per active stage with its totals and first cards. */
import { and, desc, eq, sql, type SQL } from 'drizzle-orm';
import type { Actor } from '../../platform/auth/actor.ts';
import type { Db } from '../../platform/db/client.ts';
import { rows } from '../../platform/db/query.ts';
import { fieldError } from '../../platform/http/errors.ts';
import { loadCatalog } from '../../platform/records/customFields.ts';
import { listWhere } from '../../platform/records/listQuery.ts';
import { readFilter } from '../../platform/records/listParams.ts';
import { opportunityType } from './fields.ts';
import { stagesOf, usablePipeline } from './pipelines.ts';
import { opportunities as o, pipelineStages as s } from './schema.ts';
import { opportunitySelect, opportunitySource, present, type OpportunityDto, type OpportunitySelected } from './service.ts';

export interface BoardColumn {
  stageId: string; name: string; probability: number; requiredFields: string[]; requiresApproval: boolean;
  count: number; amount: string; weightedAmount: string; cards: OpportunityDto[]; hasMore: boolean;
}
export interface Board { pipeline: { id: string; name: string }; columns: BoardColumn[] }

/** Weighted amount of one opportunity: amount × probability / 100, rounded half-up to the fen (numeric: exact). */
const WEIGHTED = sql`round(${o.amount} * ${o.probability} / 100.0, 2)`;

const cardSelect = { ...opportunitySelect, weightedAmount: sql<string>`${WEIGHTED}::text`.as('weighted_amount') };

interface BoardFilter { pipelineId?: string; filter?: string; q?: string; limit: number }

async function boardWhere(db: Db, actor: Actor, pipelineId: string, input: BoardFilter): Promise<SQL> {
  const catalog = await loadCatalog(db, actor, opportunityType);
  let filter;
  try {
    filter = readFilter(input.filter);
  } catch (err) {
    throw fieldError('filter', err instanceof Error ? err.message : 'invalid filter', 'INVALID_FILTER');
  }
  const where = listWhere(opportunitySource(actor, catalog), { filter, q: input.q }, actor);
  return and(where, eq(o.pipelineId, pipelineId), eq(o.status, 'open'))!;
}

async function cards(db: Db, actor: Actor, where: SQL, stageId: string, offset: number, limit: number): Promise<{ cards: OpportunityDto[]; hasMore: boolean }> {
  const found = (await db.select(cardSelect).from(o).where(and(where, eq(o.stageId, stageId)))
    .orderBy(desc(o.updatedAt), desc(o.id)).limit(limit + 1).offset(offset)) as (OpportunitySelected & { weightedAmount: string })[];
  return {
    cards: found.slice(0, limit).map((r) => {
      const dto = present(actor, r, 'list');
      if ('amount' in dto && 'probability' in dto) dto.weightedAmount = r.weightedAmount;
      else delete dto.weightedAmount;
      return dto;
    }),
    hasMore: found.length > limit,
  };
}

/**
 * GET /opportunities/board: open opportunities of the pipeline the actor may see (data scope,
 * shares, the list's filter and quick search), per active stage: count, amount, weighted amount
 * (the sum of each card's rounded weighted amount, so the column equals what its cards add up to)
 * and the first `limit` cards by last update.
 */
export async function getBoard(db: Db, actor: Actor, input: BoardFilter): Promise<Board> {
  const pipeline = await usablePipeline(db, actor, input.pipelineId);
  const stages = (await stagesOf(db, pipeline.id)).filter((st) => !st.archived);
  const where = await boardWhere(db, actor, pipeline.id, input);
  const totals = await rows<{ stage_id: string; n: number; amount: string; weighted: string }>(db, sql`
    SELECT ${o.stageId}::text AS stage_id, count(*)::int AS n, sum(${o.amount})::numeric(16,2)::text AS amount, sum(${WEIGHTED})::numeric(16,2)::text AS weighted
      FROM ${o} WHERE ${where} GROUP BY ${o.stageId}`);
  const byStage = new Map(totals.map((t) => [t.stage_id, t]));
  const columns: BoardColumn[] = [];
  for (const st of stages) {
    const t = byStage.get(st.id);
    const page = t ? await cards(db, actor, where, st.id, 0, input.limit) : { cards: [], hasMore: false };
    columns.push({
      stageId: st.id, name: st.name, probability: st.probability, requiredFields: st.requiredFields, requiresApproval: st.requiresApproval,
      count: t?.n ?? 0, amount: t?.amount ?? '0.00', weightedAmount: t?.weighted ?? '0.00', ...page,
    });
  }
  return { pipeline: { id: pipeline.id, name: pipeline.name }, columns };
}

/** GET /opportunities/board/stages/:stageId?offset=: the next cards of one column. */
export async function getBoardColumnPage(db: Db, actor: Actor, stageId: string, input: BoardFilter & { offset: number }): Promise<{ cards: OpportunityDto[]; hasMore: boolean }> {
  const [stage] = await db.select().from(s).where(and(eq(s.id, stageId), eq(s.tenantId, actor.tenantId)));
  if (!stage) throw fieldError('stageId', 'no such stage');
  await usablePipeline(db, actor, stage.pipelineId);
  const where = await boardWhere(db, actor, stage.pipelineId, input);
  return cards(db, actor, where, stageId, input.offset, input.limit);
}

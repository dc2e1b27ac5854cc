import './messages.ts';
import { useEffect, useMemo, useState } from 'react';
import { Alert, App, Button, Card, Dropdown, Empty, Flex, Input, Select, Skeleton, Space, Tag, Typography } from 'antd';
import { DndContext, PointerSensor, TouchSensor, KeyboardSensor, useDraggable, useDroppable, useSensor, useSensors, type DragEndEvent, type DragStartEvent } from '@dnd-kit/core';
import { useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router-dom';
import { api } from '../../lib/api.ts';
import { errorMessage } from '../../lib/errors.ts';
import { formatDate } from '../../lib/format.ts';
import { useIsMobile } from '../../lib/useIsMobile.ts';
import { loseOpportunity, usePipelines, useBoard, winOpportunity, yuan, type BoardColumn, type Opportunity } from './api.ts';
import { moveWithFeedback } from './moves.ts';
import { LoseDialog } from './StageActions.tsx';
import { ViewToggle } from './ViewToggle.tsx';

const COLUMN_WIDTH = 272;

function CardBody({ o, stages, onMove }: { o: Opportunity; stages: BoardColumn[]; onMove?: (o: Opportunity, stageId: string) => void }) {
  const { t } = useTranslation();
  return (
    <>
      <Flex justify="space-between" align="start" gap={4}>
        <Link to={`/opportunities/${o.id}`} onPointerDown={(e) => e.stopPropagation()} style={{ fontWeight: 500 }}>{o.name}</Link>
        {onMove && (
          <Dropdown trigger={['click']} menu={{ items: stages.filter((s) => s.stageId !== o.stageId).map((s) => ({ key: s.stageId, label: s.name })), onClick: ({ key }) => onMove(o, key) }}>
            <Button size="small" type="text" data-testid="card-move" onPointerDown={(e) => e.stopPropagation()}>{t('opportunities.moveTo')}</Button>
          </Dropdown>
        )}
      </Flex>
      <Typography.Text type="secondary" style={{ fontSize: 12 }}>{o.customerName ?? ''}</Typography.Text>
      <Flex justify="space-between" style={{ fontSize: 12, marginTop: 4 }}>
        <span>{o.amount !== undefined ? yuan(o.amount) : ''}</span>
        <span>{o.ownerName ?? ''}{o.expectedCloseDate ? ` · ${formatDate(o.expectedCloseDate)}` : ''}</span>
      </Flex>
      {o.pendingStageName && <Tag color="warning" style={{ marginTop: 4 }}>{t('opportunities.pendingStage', { stage: o.pendingStageName })}</Tag>}
    </>
  );
}

function DraggableCard({ o, stages, mobile, onMove }: { o: Opportunity; stages: BoardColumn[]; mobile: boolean; onMove: (o: Opportunity, stageId: string) => void }) {
  const { attributes, listeners, setNodeRef, transform, isDragging } = useDraggable({ id: o.id, data: { opportunity: o } });
  const style = {
    transform: transform ? `translate3d(${transform.x}px, ${transform.y}px, 0)` : undefined,
    zIndex: isDragging ? 10 : undefined, position: 'relative' as const, cursor: 'grab', touchAction: 'manipulation',
    boxShadow: isDragging ? '0 6px 16px rgba(0,0,0,.18)' : undefined,
  };
  return (
    <div ref={setNodeRef} style={style} {...listeners} {...attributes} data-testid="board-card" data-name={o.name}>
      <Card size="small" styles={{ body: { padding: 8 } }}>
        <CardBody o={o} stages={stages} onMove={mobile ? onMove : undefined} />
      </Card>
    </div>
  );
}

function Column({ col, cards, hasMore, loadMore, stages, mobile, onMove }: {
  col: BoardColumn; cards: Opportunity[]; hasMore: boolean; loadMore: () => void; stages: BoardColumn[]; mobile: boolean; onMove: (o: Opportunity, stageId: string) => void;
}) {
  const { t } = useTranslation();
  const { setNodeRef, isOver } = useDroppable({ id: `stage:${col.stageId}` });
  return (
    <div ref={setNodeRef} data-testid="board-column" data-stage-name={col.name}
      style={{ width: mobile ? '100%' : COLUMN_WIDTH, flex: mobile ? undefined : `0 0 ${COLUMN_WIDTH}px`, background: isOver ? '#e6f4ff' : '#f5f5f5', borderRadius: 8, padding: 8 }}>
      <div style={{ marginBottom: 8 }}>
        <Flex justify="space-between"><strong>{col.name}</strong><span>{col.probability}%</span></Flex>
        <div style={{ fontSize: 12, color: '#666' }} data-testid="column-totals">
          {t('opportunities.count', { count: col.count })} · {yuan(col.amount)} · {t('opportunities.weighted')} {yuan(col.weightedAmount)}
        </div>
      </div>
      <Flex vertical gap={6}>
        {cards.map((o) => <DraggableCard key={o.id} o={o} stages={stages} mobile={mobile} onMove={onMove} />)}
        {!cards.length && <Typography.Text type="secondary" style={{ fontSize: 12 }}>{t('opportunities.empty')}</Typography.Text>}
        {hasMore && <Button size="small" onClick={loadMore}>{t('opportunities.loadMore')}</Button>}
      </Flex>
    </div>
  );
}

function DropZone({ id, label, color }: { id: string; label: string; color: string }) {
  const { setNodeRef, isOver } = useDroppable({ id });
  return (
    <div ref={setNodeRef} data-testid={`drop-${id}`}
      style={{ flex: 1, padding: 16, textAlign: 'center', border: `2px dashed ${color}`, borderRadius: 8, background: isOver ? color : 'transparent', color: isOver ? '#fff' : color }}>
      {label}
    </div>
  );
}

/** /opportunities/board: a pipeline's open opportunities by stage; drag a card to move it (entry requirements checked by the server). */
export default function BoardPage() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const qc = useQueryClient();
  const mobile = useIsMobile();
  const [params, setParams] = useSearchParams();
  const pipelines = usePipelines();
  const pipelineId = params.get('pipelineId') ?? pipelines.data?.[0]?.id;
  const [q, setQ] = useState('');
  const board = useBoard(pipelineId, q);
  const [extra, setExtra] = useState<Record<string, { cards: Opportunity[]; hasMore: boolean }>>({});
  const [moved, setMoved] = useState<Record<string, string>>({}); // optimistic: card id → stage id
  const [blocked, setBlocked] = useState<string | null>(null);
  const [dragging, setDragging] = useState(false);
  const [losing, setLosing] = useState<Opportunity | null>(null);
  const [reason, setReason] = useState('');
  useEffect(() => { setExtra({}); setMoved({}); }, [board.data]);
  const sensors = useSensors(
    useSensor(PointerSensor, { activationConstraint: { distance: 6 } }),
    useSensor(TouchSensor, { activationConstraint: { delay: 200, tolerance: 8 } }),
    useSensor(KeyboardSensor),
  );
  const columns = board.data?.columns ?? [];
  const cardsOf = useMemo(() => {
    const all = columns.flatMap((c) => [...c.cards, ...(extra[c.stageId]?.cards ?? [])].map((o) => ({ ...o, stageId: moved[o.id] ?? c.stageId })));
    return (stageId: string) => all.filter((o) => o.stageId === stageId);
  }, [columns, extra, moved]);
  const refresh = () => qc.invalidateQueries({ queryKey: ['records', 'opportunity'] });

  const move = async (o: Opportunity, stageId: string) => {
    const stage = columns.find((c) => c.stageId === stageId);
    if (!stage || stageId === o.stageId) return;
    const res = await moveWithFeedback(o.id, stageId, stage.name);
    if (res.ok) {
      setBlocked(null);
      setMoved((m) => ({ ...m, [o.id]: stageId }));
      message.success(res.message);
    } else {
      setBlocked(res.message);
      message.error(res.message);
    }
    void refresh();
  };
  const onDragStart = (_e: DragStartEvent) => setDragging(true);
  const onDragEnd = async (e: DragEndEvent) => {
    setDragging(false);
    const o = e.active.data.current?.opportunity as Opportunity | undefined;
    const target = e.over?.id ? String(e.over.id) : null;
    if (!o || !target) return;
    if (target === 'won') {
      try {
        await winOpportunity(o.id);
        message.success(t('opportunities.status.won'));
      } catch (err) {
        message.error(errorMessage(err));
      }
      void refresh();
    } else if (target === 'lost') {
      setReason('');
      setLosing(o);
    } else if (target.startsWith('stage:')) {
      await move({ ...o, stageId: moved[o.id] ?? o.stageId }, target.slice(6));
    }
  };
  const loadMore = async (col: BoardColumn) => {
    const have = col.cards.length + (extra[col.stageId]?.cards.length ?? 0);
    const page = await api.get<{ cards: Opportunity[]; hasMore: boolean }>(`/opportunities/board/stages/${col.stageId}`, { offset: have, ...(q ? { q } : {}) });
    setExtra((x) => ({ ...x, [col.stageId]: { cards: [...(x[col.stageId]?.cards ?? []), ...page.cards], hasMore: page.hasMore } }));
  };

  return (
    <div style={{ padding: mobile ? 12 : 24 }}>
      <Flex justify="space-between" align="center" wrap gap={8} style={{ marginBottom: 12 }}>
        <Typography.Title level={4} style={{ margin: 0 }}>{t('opportunities.title')}</Typography.Title>
        <Space wrap>
          <ViewToggle current="board" />
          <Select data-testid="board-pipeline" style={{ minWidth: 160 }} value={pipelineId} loading={pipelines.isLoading}
            options={(pipelines.data ?? []).map((p) => ({ value: p.id, label: p.name }))}
            onChange={(v) => setParams({ pipelineId: v })} />
          <Input.Search allowClear placeholder={t('opportunities.title')} style={{ width: 180 }} onSearch={setQ} />
        </Space>
      </Flex>
      {blocked && <Alert type="error" showIcon closable data-testid="board-blocked" message={blocked} onClose={() => setBlocked(null)} style={{ marginBottom: 12 }} />}
      {pipelines.data && !pipelines.data.length && <Empty description={t('opportunities.noPipeline')} />}
      {board.isLoading && <Skeleton active />}
      {board.isError && <Alert type="error" message={errorMessage(board.error)} />}
      {board.data && (
        <DndContext sensors={sensors} onDragStart={onDragStart} onDragEnd={onDragEnd} onDragCancel={() => setDragging(false)}>
          <div style={{ display: 'flex', flexDirection: mobile ? 'column' : 'row', gap: 12, overflowX: mobile ? undefined : 'auto', paddingBottom: 8 }}>
            {columns.map((col) => {
              const more = extra[col.stageId];
              return <Column key={col.stageId} col={col} cards={cardsOf(col.stageId)} hasMore={more ? more.hasMore : col.hasMore} loadMore={() => void loadMore(col)} stages={columns} mobile={mobile} onMove={(o, s) => void move(o, s)} />;
            })}
          </div>
          <Flex gap={12} style={{ marginTop: 12, position: dragging ? 'sticky' : undefined, bottom: 0, background: '#fff', opacity: dragging ? 1 : 0.6 }}>
            <DropZone id="won" label={t('opportunities.dropWon')} color="#52c41a" />
            <DropZone id="lost" label={t('opportunities.dropLost')} color="#ff4d4f" />
          </Flex>
        </DndContext>
      )}
      <LoseDialog open={Boolean(losing)} reason={reason} setReason={setReason} onCancel={() => setLosing(null)}
        onOk={async () => {
          if (!reason.trim()) { message.error(t('opportunities.lossReasonRequired')); return; }
          try {
            await loseOpportunity(losing!.id, reason.trim());
            setLosing(null);
          } catch (err) {
            message.error(errorMessage(err));
          }
          void refresh();
        }} />
    </div>
  );
}

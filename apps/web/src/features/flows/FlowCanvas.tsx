/**
 * The flowchart: one FlowDefinition drawn with @xyflow/react. Used by the designer (editable), the
 * read-only version view, the diff view, the dry run and the run history (highlight = the path).
 * The definition stays the single source of truth: the canvas keeps only what React Flow measures
 * and positions while a drag is under way, and reports every edit through onChange.
 */
import '@xyflow/react/dist/style.css';
import { memo, useCallback, useEffect, useMemo, useRef, useState, type CSSProperties, type DragEvent } from 'react';
import {
  Background, Controls, Handle, MarkerType, MiniMap, Position, ReactFlow, ReactFlowProvider, useReactFlow,
  type Connection, type Edge, type Node, type NodeChange, type NodeProps, type OnDelete,
} from '@xyflow/react';
import { Tooltip } from 'antd';
import { useTranslation } from 'react-i18next';
import type { FlowDefinition, FlowNodeCounts, FlowProblem } from '@loopline/shared';
import { useIsMobile } from '../../lib/useIsMobile.ts';
import {
  APPROVED_HANDLE, DEFAULT_HANDLE, PALETTE_TYPES, REJECTED_HANDLE, branchesOf, connect, connectionProblem, countsText, handlesOf, removeEdges, removeNodes, setPositions, summarize,
  type DiffMark, type PaletteType, type Translate,
} from './model.ts';
import { metaOf } from './nodeMeta.tsx';
import '../approvals/messages.ts'; // the approval node's and 提交审批 trigger's strings

export type StepHighlight = 'done' | 'waiting' | 'failed' | 'cancelled' | 'pending';

export interface FlowCanvasProps {
  definition: FlowDefinition;
  readOnly?: boolean;
  /** run history / dry run: each visited node's state */
  highlight?: Record<string, StepHighlight>;
  /** edge ids on the path taken */
  highlightEdges?: string[];
  /** live numbers per node (last 30 days) */
  counts?: FlowNodeCounts;
  selectedNodeId?: string | null;
  onSelectNode?(id: string | null): void;
  onChange?(def: FlowDefinition): void;
  height?: number | string;
  /** validation problems per node id: red mark + tooltip */
  problems?: Record<string, FlowProblem[]>;
  /** diff view: green added, red removed, amber changed */
  marks?: { nodes: Record<string, DiffMark>; edges: Record<string, DiffMark> };
  /** a palette item dropped on the canvas (flow coordinates) */
  onDropNodeType?(type: PaletteType, position: { x: number; y: number }): void;
  /** name of a fixed user in summaries */
  userName?(id: string): string | undefined;
  /** label of a field key in summaries (the record type's catalog) */
  fieldName?(key: string): string | undefined;
  /** name of a role key in approval node summaries */
  roleName?(key: string): string | undefined;
  /** change it (e.g. after auto-layout) to fit the view again */
  fitKey?: unknown;
}

export const PALETTE_MIME = 'application/x-loopline-flow-node';

interface NodeData extends Record<string, unknown> {
  type: string;
  title: string;
  summary: string;
  counts: string | null;
  status?: StepHighlight;
  mark?: DiffMark;
  problems?: FlowProblem[];
  handles: { id: string | null; label: string }[];
  inputs: boolean;
}
type CanvasNode = Node<NodeData, 'flow'>;

/** The approval node's exits: 同意 green, 驳回 red. */
const HANDLE_COLOR: Record<string, string> = { [APPROVED_HANDLE]: '#52c41a', [REJECTED_HANDLE]: '#ff4d4f' };
const approvalHandleLabel = (h: string | null, t: Translate) => (h === APPROVED_HANDLE ? t('approvals.handle.approved') : h === REJECTED_HANDLE ? t('approvals.handle.rejected') : h ?? '');

const STATUS_COLOR: Record<StepHighlight, string> = { done: '#52c41a', waiting: '#1677ff', failed: '#ff4d4f', cancelled: '#8c8c8c', pending: '#faad14' };
const MARK_BG: Record<DiffMark, string> = { added: '#f6ffed', removed: '#fff1f0', changed: '#fffbe6' };
const MARK_BORDER: Record<DiffMark, string> = { added: '#52c41a', removed: '#ff4d4f', changed: '#faad14' };

export function FlowCanvas(props: FlowCanvasProps) {
  return (
    <ReactFlowProvider>
      <CanvasInner {...props} />
    </ReactFlowProvider>
  );
}
export default FlowCanvas;

const nodeTypes = { flow: memo(FlowNodeView) };

function CanvasInner({
  definition, readOnly, highlight, highlightEdges, counts, selectedNodeId, onSelectNode, onChange, height = 560, problems, marks, onDropNodeType, userName, fieldName, roleName, fitKey,
}: FlowCanvasProps) {
  const { t } = useTranslation();
  const tr = t as unknown as Translate;
  const mobile = useIsMobile();
  const flow = useReactFlow();
  const [measured, setMeasured] = useState<Record<string, { width: number; height: number }>>({});
  const [dragging, setDragging] = useState<Record<string, { x: number; y: number }>>({});
  const [selectedEdge, setSelectedEdge] = useState<string | null>(null);
  // the latest definition for callbacks React Flow may fire several times in one tick
  const defRef = useRef(definition);
  defRef.current = definition;
  const editable = !readOnly && Boolean(onChange);

  const nodes = useMemo<CanvasNode[]>(() => definition.nodes.map((n) => {
    const handles = handlesOf(n).map((h) => ({
      id: h,
      label: n.type === 'condition' ? (h === DEFAULT_HANDLE ? t('flows.branch.default') : (branchesOf(n).find((b) => b.id === h)?.label || h) ?? '')
        : n.type === 'approval' ? approvalHandleLabel(h, t as unknown as Translate) : '',
    }));
    return {
      id: n.id,
      type: 'flow',
      position: dragging[n.id] ?? n.position,
      ...(measured[n.id] ? { measured: measured[n.id] } : {}),
      selected: n.id === selectedNodeId,
      deletable: editable && n.type !== 'trigger',
      draggable: editable,
      data: {
        type: n.type,
        title: n.label || t(`flows.nodeTypes.${n.type}` as 'flows.nodeTypes.end', { defaultValue: n.type }),
        summary: summarize(n, tr, { trigger: definition.trigger, userName, fieldName, roleName }),
        counts: countsText(counts, n.id, tr),
        status: highlight?.[n.id],
        mark: marks?.nodes[n.id],
        problems: problems?.[n.id],
        handles,
        inputs: n.type !== 'trigger',
      },
    };
  }), [definition, measured, dragging, selectedNodeId, editable, counts, highlight, marks, problems, t, tr, userName, fieldName, roleName]);

  const onPath = useMemo(() => new Set(highlightEdges ?? []), [highlightEdges]);
  const edges = useMemo<Edge[]>(() => {
    const byId = new Map(definition.nodes.map((n) => [n.id, n]));
    return definition.edges.map((e) => {
      const src = byId.get(e.source);
      const mark = marks?.edges[e.id];
      const path = onPath.has(e.id);
      const color = mark ? MARK_BORDER[mark] : path ? STATUS_COLOR.done : e.id === selectedEdge ? '#1677ff' : '#98a2b3';
      const label = src?.type === 'condition'
        ? (e.sourceHandle === DEFAULT_HANDLE || !e.sourceHandle ? t('flows.branch.default') : branchesOf(src).find((b) => b.id === e.sourceHandle)?.label || e.sourceHandle)
        : src?.type === 'approval' ? approvalHandleLabel(e.sourceHandle ?? null, t as unknown as Translate) : undefined;
      return {
        id: e.id,
        source: e.source,
        target: e.target,
        sourceHandle: e.sourceHandle ?? null,
        label,
        selected: e.id === selectedEdge,
        deletable: editable,
        animated: path && highlight?.[e.target] === 'waiting',
        style: { stroke: color, strokeWidth: path || mark ? 2.5 : 1.5, strokeDasharray: mark === 'removed' ? '6 4' : undefined },
        markerEnd: { type: MarkerType.ArrowClosed, color },
        labelStyle: { fontSize: 11 },
        labelBgStyle: { fill: '#fff' },
      };
    });
  }, [definition, marks, onPath, selectedEdge, editable, highlight, t]);

  const onNodesChange = useCallback((changes: NodeChange<CanvasNode>[]) => {
    const dims: Record<string, { width: number; height: number }> = {};
    const moves: Record<string, { x: number; y: number }> = {};
    for (const c of changes) {
      if (c.type === 'dimensions' && c.dimensions) dims[c.id] = c.dimensions;
      else if (c.type === 'position' && c.position && c.dragging) moves[c.id] = c.position;
      else if (c.type === 'select' && c.selected) onSelectNode?.(c.id);
    }
    if (Object.keys(dims).length) setMeasured((m) => ({ ...m, ...dims }));
    if (Object.keys(moves).length) setDragging((d) => ({ ...d, ...moves }));
  }, [onSelectNode]);

  const onNodeDragStop = useCallback((_: unknown, _node: CanvasNode, moved: CanvasNode[]) => {
    if (editable) onChange!(setPositions(defRef.current, Object.fromEntries(moved.map((n) => [n.id, { x: Math.round(n.position.x), y: Math.round(n.position.y) }]))));
    setDragging({});
  }, [editable, onChange]);

  const onDelete: OnDelete<CanvasNode, Edge> = useCallback(({ nodes: ns, edges: es }) => {
    if (!editable) return;
    let next = removeEdges(defRef.current, es.map((e) => e.id));
    next = removeNodes(next, ns.map((n) => n.id));
    onChange!(next);
    if (ns.some((n) => n.id === selectedNodeId)) onSelectNode?.(null);
    setSelectedEdge(null);
  }, [editable, onChange, onSelectNode, selectedNodeId]);

  const isValidConnection = useCallback((c: Connection | Edge) => connectionProblem(defRef.current, c) === null, []);
  const onConnect = useCallback((c: Connection) => {
    if (editable) onChange!(connect(defRef.current, c));
  }, [editable, onChange]);

  useEffect(() => {
    if (fitKey === undefined) return;
    const id = window.setTimeout(() => void flow.fitView({ padding: 0.15, maxZoom: 1, duration: 200 }), 50);
    return () => window.clearTimeout(id);
  }, [fitKey, flow]);

  const onDragOver = (e: DragEvent) => {
    if (!onDropNodeType || !e.dataTransfer.types.includes(PALETTE_MIME)) return;
    e.preventDefault();
    e.dataTransfer.dropEffect = 'move';
  };
  const onDrop = (e: DragEvent) => {
    const type = e.dataTransfer.getData(PALETTE_MIME) as PaletteType;
    if (!onDropNodeType || !(PALETTE_TYPES as readonly string[]).includes(type)) return;
    e.preventDefault();
    onDropNodeType(type, flow.screenToFlowPosition({ x: e.clientX, y: e.clientY }));
  };

  const style: CSSProperties = { height, width: '100%', border: '1px solid #eaecf0', borderRadius: 8, background: '#fcfcfd' };
  return (
    <div style={style} onDragOver={onDragOver} onDrop={onDrop} data-testid="flow-canvas">
      <ReactFlow<CanvasNode, Edge>
        nodes={nodes}
        edges={edges}
        nodeTypes={nodeTypes}
        onNodesChange={onNodesChange}
        onNodeDragStop={onNodeDragStop}
        onDelete={onDelete}
        onConnect={onConnect}
        isValidConnection={isValidConnection}
        onNodeClick={(_, n) => { setSelectedEdge(null); onSelectNode?.(n.id); }}
        onEdgeClick={(_, e) => { if (editable) setSelectedEdge(e.id); }}
        onPaneClick={() => { setSelectedEdge(null); onSelectNode?.(null); }}
        nodesDraggable={editable}
        nodesConnectable={editable}
        elementsSelectable
        deleteKeyCode={editable ? ['Backspace', 'Delete'] : null}
        fitView
        fitViewOptions={{ padding: 0.15, maxZoom: 1 }}
        minZoom={0.2}
        maxZoom={1.75}
        proOptions={{ hideAttribution: true }}
      >
        <Background gap={16} color="#eef0f3" />
        <Controls showInteractive={false} position="top-right" />
        {/* bottom-left, away from the right-hand nodes a read-only run page shows */}
        {!mobile && definition.nodes.length > 6 && <MiniMap position="bottom-left" pannable zoomable nodeColor={(n) => metaOf((n.data as NodeData).type).color} style={{ width: 140, height: 100 }} />}
      </ReactFlow>
    </div>
  );
}

/** One node: icon, title, one-line summary, live numbers, and its exits (labelled for condition branches). */
function FlowNodeView({ id, data, selected }: NodeProps<CanvasNode>) {
  const { t } = useTranslation();
  const meta = metaOf(data.type);
  const Icon = meta.icon;
  const bad = Boolean(data.problems?.length);
  const border = bad ? '#ff4d4f' : data.status ? STATUS_COLOR[data.status] : data.mark ? MARK_BORDER[data.mark] : selected ? '#1677ff' : '#d0d5dd';
  const many = data.handles.length > 1;
  const box: CSSProperties = {
    width: 240, minHeight: 64, background: data.mark ? MARK_BG[data.mark] : '#fff', borderRadius: 10,
    border: `${bad || data.status || data.mark || selected ? 2 : 1}px ${data.status === 'pending' ? 'dashed' : 'solid'} ${border}`,
    boxShadow: selected ? '0 0 0 3px rgba(22,119,255,0.18)' : '0 1px 2px rgba(16,24,40,0.06)',
    padding: `8px 10px ${many ? 22 : 8}px`, position: 'relative', fontSize: 12, opacity: data.mark === 'removed' ? 0.75 : 1,
    textDecoration: data.mark === 'removed' ? 'line-through' : undefined,
  };
  const statusLabel = data.status ? t(`flows.stepStatus.${data.status}`) : data.mark ? t(`flows.diff.${data.mark}`) : null;
  return (
    <div style={box} data-testid={`flow-node-${id}`} data-node-type={data.type} data-status={data.status ?? data.mark ?? undefined}
      data-problem={bad ? 'true' : undefined} aria-label={`${data.title}: ${data.summary}`}>
      {data.inputs && <Handle type="target" position={Position.Top} style={{ background: '#98a2b3' }} />}
      <div style={{ display: 'flex', alignItems: 'center', gap: 6, minWidth: 0 }}>
        <span style={{ color: meta.color, fontSize: 16, lineHeight: 1, display: 'inline-flex' }}><Icon /></span>
        <strong style={{ flex: 1, minWidth: 0, overflow: 'hidden', textOverflow: 'ellipsis', whiteSpace: 'nowrap', fontSize: 13 }}>{data.title}</strong>
        {statusLabel && <span style={{ color: border, fontSize: 11, whiteSpace: 'nowrap' }}>{statusLabel}</span>}
        {bad && (
          <Tooltip title={data.problems!.map((p) => p.message).join('\n')}>
            <span data-testid={`flow-node-problem-${id}`} style={{ background: '#ff4d4f', color: '#fff', borderRadius: 9, padding: '0 6px', fontSize: 11 }}>
              {data.problems!.length}
            </span>
          </Tooltip>
        )}
      </div>
      {data.summary && <div style={{ color: '#475467', marginTop: 4, overflow: 'hidden', textOverflow: 'ellipsis', whiteSpace: 'nowrap' }} title={data.summary}>{data.summary}</div>}
      {data.counts && <div data-testid={`flow-node-counts-${id}`} style={{ marginTop: 4, color: '#1677ff', fontSize: 11 }}>{data.counts}</div>}
      {data.handles.map((h, i) => {
        const left = `${((i + 1) / (data.handles.length + 1)) * 100}%`;
        return (
          <div key={h.id ?? 'out'}>
            <Handle type="source" position={Position.Bottom} id={h.id ?? undefined} style={{ left, background: HANDLE_COLOR[h.id ?? ''] ?? (many ? '#fa8c16' : '#98a2b3') }}
              data-testid={`flow-handle-${id}-${h.id ?? 'out'}`} />
            {many && (
              <span style={{ position: 'absolute', bottom: 4, left, transform: 'translateX(-50%)', fontSize: 10, color: HANDLE_COLOR[h.id ?? ''] ?? '#8c6d1f', whiteSpace: 'nowrap', maxWidth: 90, overflow: 'hidden', textOverflow: 'ellipsis', pointerEvents: 'none' }}>
                {h.label}
              </span>
            )}
          </div>
        );
      })}
    </div>
  );
}

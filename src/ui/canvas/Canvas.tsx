// The canvas: the open graph on React Flow, controlled by the document store. Drags are previewed
// and committed as one history entry; selection and viewport go to the session store.
import {
  Background, BackgroundVariant, Controls, MiniMap, ReactFlow, useReactFlow, useStore,
  type Connection, type EdgeChange, type FitViewOptions, type NodeChange, type ReactFlowState, type Viewport,
} from '@xyflow/react';
import { memo, useCallback, useEffect, useMemo, useRef, useState, type DragEvent } from 'react';
import { scopeKey } from '../../compiler/analysis';
import { modelSignatures } from '../../graph/signatures';
import type { GraphScope, Position } from '../../graph/types';
import { connect, edgeIds, freshId, graphIn, moveNodes } from '../../store/edits';
import { addNodeAt } from '../actions';
import { useAnalysis, useDoc, useSession, useStores } from '../context';
import { PALETTE_MIME } from '../palette/paletteModel';
import { portsOf } from '../specs';
import { GRID, snap } from './grid';
import { buildEdges, buildNodes, type BuildInput, type FlowEdge, type FlowNode, type Measured } from './flowModel';
import { NodeView } from './NodeView';
import { ShapeEdge } from './ShapeEdge';
import { useCanvasMenus } from './useCanvasMenus';
import type { Notice } from '../notices';
import { useShortcuts } from './useShortcuts';
import { detailOf } from './lod';

const nodeTypes = { graphNode: NodeView };
// module-level, so the minimap's memoised nodes do not all re-render on every edit
const minimapColor = (n: FlowNode) => `var(--cat-${n.data.spec?.category ?? 'unknown'})`;
const edgeTypes = { shapeEdge: ShapeEdge };

// room left of the graph for the zoom buttons, a thin margin elsewhere
const FIT: FitViewOptions<FlowNode> = { maxZoom: 1.2, padding: { top: '18px', right: '16px', bottom: '18px', left: '56px' } };
/** How long after a fit a change of the level of detail counts as the fit's own (and is fitted again). */
const SETTLE_MS = 1500;

/** The minimap (128x80) would cover a quarter of a canvas smaller than this: it hides there. */
const MINIMAP_ROOM = { width: 560, height: 340 };
const hasMinimapRoom = (s: ReactFlowState) => s.width >= MINIMAP_ROOM.width && s.height >= MINIMAP_ROOM.height;

function CanvasPanel({ onNotice }: { onNotice: (n: Notice) => void }) {
  const { scope, document } = useSession();
  const key = scopeKey(scope);
  return <FlowCanvas key={`${key}@${document}`} scope={scope} scopeKey={key} onNotice={onNotice} />;
}

function FlowCanvas({ scope, scopeKey: sk, onNotice }: { scope: GraphScope; scopeKey: string; onNotice: (n: Notice) => void }) {
  const stores = useStores();
  const doc = useDoc();
  const session = useSession();
  const analysis = useAnalysis();
  const rf = useReactFlow<FlowNode, FlowEdge>();
  const graph = graphIn(doc, scope);
  const docModels = doc.models;
  const ctx = useMemo(() => ({ models: modelSignatures({ models: docModels }) }), [docModels]);

  const measured = useRef(new Map<string, Measured>());
  const [measureRev, setMeasureRev] = useState(0);
  const previous = useRef(new Map<string, FlowNode>());
  const pointer = useRef<{ x: number; y: number } | null>(null);

  const input: BuildInput | null = useMemo(() => graph ? ({
    graph, scope, scopeKey: sk, analysis, ctx,
    selectedNodes: new Set(session.selectedNodes),
    selectedEdges: new Set(session.selectedEdges),
    measured: measured.current,
    // eslint-disable-next-line react-hooks/exhaustive-deps -- measured.current is filled in place; measureRev says when
  }) : null, [graph, scope, sk, analysis, ctx, session.selectedNodes, session.selectedEdges, measureRev]);

  const nodes = useMemo(() => {
    if (!input) return [];
    const built = buildNodes(input, previous.current);
    previous.current = new Map(built.map((n) => [n.id, n]));
    return built;
  }, [input]);
  const previousEdges = useRef(new Map<string, FlowEdge>());
  const edges = useMemo(() => {
    if (!input) return [];
    const built = buildEdges(input, previousEdges.current);
    previousEdges.current = new Map(built.map((e) => [e.id, e]));
    return built;
  }, [input]);

  /** every position a drag has moved a node to so far: each frame's preview carries them all */
  const gesture = useRef(new Map<string, Position>());
  const onNodesChange = useCallback((changes: NodeChange<FlowNode>[]) => {
    const moves: { id: string; position: Position }[] = [];
    let dragging = false;
    let measuredChanged = false;
    let sel: Set<string> | null = null;
    for (const c of changes) {
      if (c.type === 'position' && c.position) {
        moves.push({ id: c.id, position: { x: Math.round(c.position.x), y: Math.round(c.position.y) } });
        if (c.dragging) dragging = true;
      } else if (c.type === 'dimensions' && c.dimensions) {
        const old = measured.current.get(c.id);
        if (old?.width !== c.dimensions.width || old.height !== c.dimensions.height) {
          measured.current.set(c.id, { width: c.dimensions.width, height: c.dimensions.height });
          measuredChanged = true;
        }
      } else if (c.type === 'select') {
        sel ??= new Set(stores.session.getSnapshot().selectedNodes);
        if (c.selected) sel.add(c.id);
        else sel.delete(c.id);
      }
    }
    if (moves.length) {
      if (!stores.doc.previewing) gesture.current.clear();
      if (dragging || stores.doc.previewing) {
        for (const m of moves) gesture.current.set(m.id, m.position);
        const all = [...gesture.current].map(([id, position]) => ({ id, position }));
        stores.doc.preview(moveNodes(scope, all), true);
        if (!dragging) {
          gesture.current.clear();
          stores.doc.commitPreview(all.length > 1 ? `Move ${all.length} nodes` : 'Move node');
        }
      } else stores.doc.apply(moveNodes(scope, moves), 'Move node');
    }
    if (sel) stores.session.select([...sel], stores.session.getSnapshot().selectedEdges);
    if (measuredChanged) setMeasureRev((r) => r + 1);
  }, [stores, scope]);

  const onEdgesChange = useCallback((changes: EdgeChange<FlowEdge>[]) => {
    const s = stores.session.getSnapshot();
    const sel = new Set(s.selectedEdges);
    let touched = false;
    for (const c of changes) {
      if (c.type !== 'select') continue;
      touched = true;
      if (c.selected) sel.add(c.id);
      else sel.delete(c.id);
    }
    if (touched) stores.session.select(stores.session.getSnapshot().selectedNodes, [...sel]);
  }, [stores]);

  const onDragStop = useCallback(() => {
    if (stores.doc.previewing) stores.doc.commitPreview('Move node');
  }, [stores]);

  const kindOf = useCallback((nodeId: string, port: string | null | undefined, side: 'inputs' | 'outputs') => {
    const g = graphIn(stores.doc.current, scope);
    const n = g?.nodes.find((x) => x.id === nodeId);
    return n ? portsOf(n, ctx)[side].find((p) => p.name === port)?.kind : undefined;
  }, [stores, scope, ctx]);

  const isValidConnection = useCallback((c: FlowEdge | Connection) => {
    if (c.source === c.target) return false;
    const a = kindOf(c.source, c.sourceHandle, 'outputs');
    const b = kindOf(c.target, c.targetHandle, 'inputs');
    // a dtype that does not fit may connect: the check then says how to convert it
    return a !== undefined && (a === b || b === 'any');
  }, [kindOf]);

  const onConnect = useCallback((c: Connection) => {
    const g = graphIn(stores.doc.current, scope);
    if (!g || !c.sourceHandle || !c.targetHandle || !isValidConnection(c)) return;
    const edge = { id: freshId('e', edgeIds(g)), source: { node: c.source, port: c.sourceHandle }, target: { node: c.target, port: c.targetHandle } };
    stores.doc.apply(connect(scope, edge), `Connect ${c.sourceHandle} → ${c.targetHandle}`);
  }, [stores, scope, isValidConnection]);

  const menus = useCanvasMenus(stores, graph, analysis);

  const onDragOver = useCallback((e: DragEvent) => {
    if (!e.dataTransfer.types.includes(PALETTE_MIME)) return;
    e.preventDefault();
    e.dataTransfer.dropEffect = 'copy';
  }, []);

  const onDrop = useCallback((e: DragEvent) => {
    const type = e.dataTransfer.getData(PALETTE_MIME);
    if (!type) return;
    e.preventDefault();
    const p = rf.screenToFlowPosition({ x: e.clientX, y: e.clientY });
    addNodeAt(stores, type, { x: snap(p.x - 24), y: snap(p.y - 14) });
  }, [rf, stores]);

  const onMoveEnd = useCallback((_: unknown, v: Viewport) => stores.session.setViewport(sk, v), [stores, sk]);

  const pastePosition = useCallback(() => {
    const p = pointer.current;
    if (!p) return undefined;
    const f = rf.screenToFlowPosition(p);
    return { x: snap(f.x), y: snap(f.y) };
  }, [rf]);
  useShortcuts(stores, pastePosition, onNotice);

  // centre on a node when a panel asks (problems list, search)
  const focus = session.focus;
  const handledFocus = useRef<number | null>(null);
  useEffect(() => {
    if (!focus || handledFocus.current === focus.nonce) return;
    const n = graph?.nodes.find((x) => x.id === focus.nodeId);
    if (!n) return;
    handledFocus.current = focus.nonce;
    const m = measured.current.get(n.id) ?? { width: 180, height: 80 };
    void rf.setCenter(n.position.x + m.width / 2, n.position.y + m.height / 2, { zoom: Math.max(rf.getZoom(), 1), duration: 250 });
  }, [focus, graph, rf]);

  // fit the graph when a new document is opened
  const fit = session.fit;
  const handledFit = useRef(fit);
  /** when the last fit began; never, at first (a page younger than SETTLE_MS must not count as one) */
  const fittedAt = useRef(Number.NEGATIVE_INFINITY);
  useEffect(() => {
    if (handledFit.current === fit) return;
    handledFit.current = fit;
    fittedAt.current = performance.now();
    void rf.fitView({ ...FIT, duration: 200 });
  }, [fit, rf]);
  // a fit that lands on another level of detail changes the nodes' sizes (lod.ts): once they are
  // measured again, fit once more, so that the whole graph is in view at its new size
  const detail = useStore(detailOf);
  useEffect(() => {
    if (performance.now() - fittedAt.current > SETTLE_MS) return;
    fittedAt.current = Number.NEGATIVE_INFINITY;
    let frame = requestAnimationFrame(() => {
      frame = requestAnimationFrame(() => void rf.fitView(FIT));
    });
    return () => cancelAnimationFrame(frame);
  }, [detail, rf]);

  const onNodeDoubleClick = useCallback((_: unknown, n: FlowNode) => {
    const model = n.data.node.params.model;
    if (n.data.node.type === 'models.call' && typeof model === 'string' && model in stores.doc.current.models) {
      stores.session.open({ kind: 'model', modelId: model });
    }
  }, [stores]);

  const roomy = useStore(hasMinimapRoom);
  const saved = session.viewports[sk];
  // a graph opened to show one node starts there, not fitted to the whole graph
  const [startFitted] = useState(() => !saved && !(focus && graph?.nodes.some((n) => n.id === focus.nodeId)));
  useEffect(() => {
    if (startFitted) fittedAt.current = performance.now();
  }, [startFitted]);
  return (
    <div
      className="tl-canvas"
      onPointerMove={(e) => { pointer.current = { x: e.clientX, y: e.clientY }; }}
      onPointerLeave={() => { pointer.current = null; }}
    >
      <ReactFlow<FlowNode, FlowEdge>
        nodes={nodes}
        edges={edges}
        nodeTypes={nodeTypes}
        edgeTypes={edgeTypes}
        onNodesChange={onNodesChange}
        onEdgesChange={onEdgesChange}
        onNodeDragStop={onDragStop}
        onSelectionDragStop={onDragStop}
        onConnect={onConnect}
        onConnectEnd={menus.onConnectEnd}
        onNodeContextMenu={menus.onNodeContextMenu}
        onSelectionContextMenu={menus.onSelectionContextMenu}
        isValidConnection={isValidConnection}
        onDragOver={onDragOver}
        onDrop={onDrop}
        onMoveEnd={onMoveEnd}
        onNodeDoubleClick={onNodeDoubleClick}
        {...(saved ? { defaultViewport: saved } : {})}
        fitView={startFitted}
        fitViewOptions={FIT}
        minZoom={0.2}
        maxZoom={2.5}
        snapToGrid
        snapGrid={[GRID, GRID]}
        deleteKeyCode={null}
        multiSelectionKeyCode={['Shift', 'Control', 'Meta']}
        selectionKeyCode="Shift"
        zoomOnDoubleClick={false}
        onlyRenderVisibleElements
        colorMode={session.theme}
        proOptions={{ hideAttribution: true }}
      >
        <Background variant={BackgroundVariant.Dots} gap={GRID} size={1} />
        {roomy && (
          <MiniMap<FlowNode>
            pannable
            zoomable
            className="tl-minimap"
            style={{ width: 128, height: 80 }}
            nodeBorderRadius={3}
            nodeColor={minimapColor}
            ariaLabel="Overview of the whole graph: drag to pan"
          />
        )}
        <Controls showInteractive={false} />
      </ReactFlow>
      {menus.rendered}
      {graph && graph.nodes.length === 0 && (
        <div className="tl-canvas-empty">Drag a node from the palette, or click one to add it here.</div>
      )}
    </div>
  );
}

/** memo: the layout re-renders on every edit; this panel only when what it reads changes. */
export const Canvas = memo(CanvasPanel);

// The canvas's two menus: right-click on a node or the selection (Create model, open a Model
// node's model, duplicate, delete), and the one offered where a wire is dropped on empty canvas.
import { useReactFlow, type FinalConnectionState } from '@xyflow/react';
import { useCallback, useState, type MouseEvent as ReactMouseEvent, type ReactNode } from 'react';
import type { Analysis } from '../../compiler/analysis';
import type { Graph } from '../../graph/types';
import { deleteSelection, duplicateSelection } from '../actions';
import type { Stores } from '../context';
import { createModelBlocker, createModelFromSelection, portKind } from './canvasActions';
import { ContextMenu, type MenuCommand } from './ContextMenu';
import { EdgeDropMenu, type EdgeDrop } from './EdgeDropMenu';
import type { FlowEdge, FlowNode } from './flowModel';
import { snap } from './grid';
import type { ScreenPoint } from './PopupMenu';

/** A node's width (see canvas.css), and the height of its head plus half a port row. */
const NODE_WIDTH = 184;
const FIRST_PORT_Y = 36;

function clientPoint(e: MouseEvent | TouchEvent): ScreenPoint | null {
  if ('clientX' in e) return { x: e.clientX, y: e.clientY };
  const t = e.changedTouches[0];
  return t ? { x: t.clientX, y: t.clientY } : null;
}

function selectionCommands(stores: Stores, graph: Graph | undefined, analysis: Analysis): MenuCommand[] {
  const sel = stores.session.getSnapshot().selectedNodes;
  const only = sel.length === 1 ? graph?.nodes.find((n) => n.id === sel[0]) : undefined;
  const model = only?.type === 'models.call' ? only.params.model : undefined;
  const list: MenuCommand[] = [{
    label: 'Create model', shortcut: 'Ctrl+G', blocked: createModelBlocker(stores),
    run: () => createModelFromSelection(stores, analysis), testId: 'cmd-create-model',
  }];
  if (typeof model === 'string' && model in stores.doc.current.models) {
    list.push({ label: `Open model ${model}`, run: () => stores.session.open({ kind: 'model', modelId: model }), testId: 'cmd-open-model' });
  }
  list.push(
    { label: 'Duplicate', shortcut: 'Ctrl+D', run: () => duplicateSelection(stores), testId: 'cmd-duplicate' },
    { label: sel.length > 1 ? `Delete ${sel.length} nodes` : 'Delete', shortcut: 'Del', run: () => deleteSelection(stores), testId: 'cmd-delete' },
  );
  return list;
}

export function useCanvasMenus(stores: Stores, graph: Graph | undefined, analysis: Analysis) {
  const rf = useReactFlow<FlowNode, FlowEdge>();
  const [edgeDrop, setEdgeDrop] = useState<EdgeDrop | null>(null);
  const [menuAt, setMenuAt] = useState<ScreenPoint | null>(null);

  // a wire let go on empty canvas (not on a node or a handle): offer the nodes that can take it
  const onConnectEnd = useCallback((e: MouseEvent | TouchEvent, c: FinalConnectionState) => {
    const at = clientPoint(e);
    const port = c.fromHandle?.id;
    if (c.isValid || c.toNode || !c.fromNode || !port || !at) return;
    if (!(e.target instanceof Element) || !e.target.classList.contains('react-flow__pane')) return;
    const side = c.fromHandle?.type === 'target' ? 'target' : 'source';
    const kind = portKind(stores, c.fromNode.id, port, side);
    if (!kind) return;
    // the new node stands with the port it connects by right at the drop point
    const p = rf.screenToFlowPosition(at);
    const position = { x: snap(side === 'source' ? p.x : p.x - NODE_WIDTH), y: snap(p.y - FIRST_PORT_Y) };
    setEdgeDrop({ at, position, from: { node: c.fromNode.id, port, side, kind } });
  }, [stores, rf]);

  const onNodeContextMenu = useCallback((e: ReactMouseEvent, n: FlowNode) => {
    e.preventDefault();
    // a node outside the selection becomes the selection, as in file managers
    if (!stores.session.getSnapshot().selectedNodes.includes(n.id)) stores.session.select([n.id]);
    setMenuAt({ x: e.clientX, y: e.clientY });
  }, [stores]);

  const onSelectionContextMenu = useCallback((e: ReactMouseEvent) => {
    e.preventDefault();
    setMenuAt({ x: e.clientX, y: e.clientY });
  }, []);

  const rendered: ReactNode = (
    <>
      {edgeDrop && <EdgeDropMenu drop={edgeDrop} onClose={() => setEdgeDrop(null)} />}
      {menuAt && <ContextMenu at={menuAt} commands={selectionCommands(stores, graph, analysis)} onClose={() => setMenuAt(null)} />}
    </>
  );
  return { onConnectEnd, onNodeContextMenu, onSelectionContextMenu, rendered };
}

// Dragging every node of a model at once, on the document store alone (a benchmark, not a test):
// 60 frames of a gesture moving all N nodes, each a preview of the store as the canvas sends it,
// then the mouse-up that turns the gesture into one history entry. Medians of 5 gestures.
//   npm run bench -- drag
import { DocStore } from '../src/store/docStore';
import { moveNodes } from '../src/store/edits';
import { benchDoc } from './editor/graph';
import { deviceLine, median, table } from './table';

const FRAMES = 60;

function gesture(size: number): { frame: number; mouseUp: number } {
  const doc = benchDoc(size);
  const modelId = Object.keys(doc.models)[0]!;
  const scope = { kind: 'model', modelId } as const;
  const store = new DocStore(doc);
  const nodes = doc.models[modelId]!.nodes;
  const frames: number[] = [];
  for (let f = 1; f <= FRAMES; f++) {
    const moves = nodes.map((n) => ({ id: n.id, position: { x: n.position.x + f, y: n.position.y + f } }));
    const t = performance.now();
    store.preview(moveNodes(scope, moves), true);
    frames.push(performance.now() - t);
  }
  const t = performance.now();
  store.commitPreview(`Move ${nodes.length} nodes`);
  const mouseUp = performance.now() - t;
  const moved = store.current.models[modelId]!.nodes[0]!.position;
  if (moved.x !== nodes[0]!.position.x + FRAMES) throw new Error('the gesture did not move the nodes');
  return { frame: median(frames), mouseUp };
}

export async function benchDrag(): Promise<string> {
  const rows: string[][] = [];
  for (const size of [300, 1000]) {
    const runs = Array.from({ length: 5 }, () => gesture(size));
    rows.push([String(size), median(runs.map((r) => r.frame)).toFixed(2), median(runs.map((r) => r.mouseUp)).toFixed(2)]);
  }
  return table(`Dragging all N selected nodes: the document store alone (${FRAMES} frames a gesture, median of 5)`,
    ['nodes moved', 'ms a frame', 'ms at mouse-up'], rows, { device: deviceLine(), command: 'npm run bench -- drag' });
}

// A Keras-style summary of the document's models: per layer its output shape and weights, per
// model and in all the totals. Pure: reads the document and the live analysis.
import type { Shape } from '../../../nodes/spec';
import { scopeKey, type Analysis } from '../../compiler/analysis';
import { feeder, indexGraph, type GraphIndex } from '../../compiler/graph-index';
import { orderGraph } from '../../compiler/order';
import { modelsRunOnlyAsCopies } from '../../compiler/analyze';
import { expandOwnBlocks } from '../../graph/expand-blocks';
import type { GraphDoc } from '../../graph/types';
import { addCounts, layerParamCount, type ParamCount } from '../inspector/paramCount';

export interface SummaryRow {
  nodeId: string;
  /** the node's label, else its id */
  name: string;
  title: string;
  role: 'input' | 'layer' | 'output';
  /** what the row gives: a layer's or input's output, or what an output returns */
  shape: Shape | undefined;
  /** weights; undefined while the input shape is unknown */
  params: ParamCount | undefined;
  /** names of the nodes feeding it */
  from: string[];
}

export interface ModelSummary {
  modelId: string;
  rows: SummaryRow[];
  total: ParamCount;
  /** layers whose weights cannot be counted yet (unknown input shape): the total is a lower bound */
  uncounted: number;
}

const ZERO: ParamCount = { trainable: 0, nonTrainable: 0 };

function rowsInOrder(ix: GraphIndex): string[] {
  const { order, blocked } = orderGraph(ix);
  return [...order, ...blocked];
}

export function summarizeModel(doc: GraphDoc, analysis: Analysis, modelId: string): ModelSummary | undefined {
  // own-weights blocks as the copies of their layers that the model holds (the analysis has their shapes)
  const graph = Object.hasOwn(doc.models, modelId) ? expandOwnBlocks(doc).doc.models[modelId] : undefined;
  if (!graph) return undefined;
  const scope = { kind: 'model', modelId } as const;
  const ix = indexGraph(graph, scope, { models: analysis.signatures });
  const shapes = analysis.shapes[scopeKey(scope)] ?? {};
  const nameOf = (id: string) => {
    const n = ix.nodes.get(id)?.node;
    return n ? (n.label || n.id) : id;
  };
  const rows: SummaryRow[] = [];
  let total = ZERO;
  let uncounted = 0;
  for (const id of rowsInOrder(ix)) {
    const n = ix.nodes.get(id)!;
    const role = n.spec.role === 'model-input' ? 'input' : n.spec.role === 'model-output' ? 'output' : n.spec.role === 'layer' ? 'layer' : null;
    if (!role) continue;
    const feeds = n.inputs.map((p) => feeder(ix, id, p.name));
    const first = feeds[0];
    const inShape = first ? shapes[first.source.node]?.[first.source.port] : undefined;
    const shape = role === 'output' ? inShape : n.outputs[0] ? shapes[id]?.[n.outputs[0].name] : undefined;
    const params = role === 'layer' ? layerParamCount(n.spec.type, n.params, inShape) : ZERO;
    if (params) total = addCounts(total, params);
    else uncounted++;
    rows.push({
      nodeId: id, name: nameOf(id), title: n.spec.title, role, shape, params,
      from: feeds.flatMap((e) => (e ? [nameOf(e.source.node)] : [])),
    });
  }
  return { modelId, rows, total, uncounted };
}

/**
 * The weights of one own-weights copy of a block (Model node `instanceId` inside model
 * `holderId`): its layers as the holder has them, sized by what feeds the copy.
 */
export function summarizeCopy(doc: GraphDoc, analysis: Analysis, holderId: string, instanceId: string): Pick<ModelSummary, 'total' | 'uncounted'> | undefined {
  const holder = summarizeModel(doc, analysis, holderId);
  const origins = expandOwnBlocks(doc).origins[holderId]?.nodes;
  if (!holder || !origins) return undefined;
  const rows = holder.rows.filter((r) => r.role === 'layer' && origins.get(r.nodeId) === instanceId);
  if (!rows.length) return undefined;
  return {
    total: rows.reduce((t, r) => (r.params ? addCounts(t, r.params) : t), ZERO),
    uncounted: rows.filter((r) => !r.params).length,
  };
}

export interface DocSummary {
  models: ModelSummary[];
  total: ParamCount;
}

export function summarizeDoc(doc: GraphDoc, analysis: Analysis): DocSummary {
  const models = Object.keys(doc.models).flatMap((id) => summarizeModel(doc, analysis, id) ?? []);
  // a model run only as copies has no weights of its own in training: its copies' are counted where they are
  const copies = modelsRunOnlyAsCopies(doc);
  return { models, total: models.filter((m) => !copies.has(m.modelId)).reduce((t, m) => addCounts(t, m.total), ZERO) };
}

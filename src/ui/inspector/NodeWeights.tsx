// A node's weights in the inspector: a layer's own, or the whole model a Model node runs.
import { useMemo } from 'react';
import type { NodeSpec, Shape } from '../../../nodes/spec';
import type { GraphNode } from '../../graph/types';
import { issue, renderIssue } from '../../messages';
import { useAnalysis, useDoc, useSession } from '../context';
import { summarizeCopy, summarizeModel } from '../graphs/modelSummary';
import { countText, layerParamCount, totalOf, type ParamCount } from './paramCount';
import './inspector.css';

function CountLine({ count, what }: { count: ParamCount; what: string }) {
  return (
    <p className="tl-weights" data-testid="param-count">
      <strong>{countText(totalOf(count))}</strong> {what}
      {count.nonTrainable > 0 && <span className="tl-muted"> ({countText(count.trainable)} trained, {countText(count.nonTrainable)} kept for inference)</span>}
    </p>
  );
}

export function NodeWeights({ node, spec, values, inShape }: {
  node: GraphNode;
  spec: NodeSpec;
  values: Readonly<Record<string, unknown>>;
  /** the shape arriving at the node's first input */
  inShape: Shape | undefined;
}) {
  const doc = useDoc();
  const analysis = useAnalysis();
  const { scope } = useSession();
  const model = spec.role === 'model-call' && typeof values.model === 'string' ? values.model : null;
  // an own-weights copy inside a model: its layers as that model holds them
  const holder = values.weights === 'own' && scope.kind === 'model' ? scope.modelId : null;
  const copy = useMemo(() => (model && holder ? summarizeCopy(doc, analysis, holder, node.id) : undefined), [doc, analysis, model, holder, node.id]);
  const whole = useMemo(() => (model && !copy ? summarizeModel(doc, analysis, model) : undefined), [doc, analysis, model, copy]);
  const summary = copy ?? whole;
  if (model !== null) {
    if (!summary) return null;
    return (
      <section className="tl-insp-section">
        <h3>Weights</h3>
        <CountLine
          count={summary.total}
          what={copy !== undefined
            ? `parameters in this copy of model ${model}: weights of its own, sized by what feeds it`
            : values.weights === 'own'
              ? `parameters in model ${model} at its declared input sizes; this copy has weights of its own, sized by what feeds it`
              : `parameters in model ${model}, shared by all its Model nodes`}
        />
        {summary.uncounted > 0 && <p className="tl-muted">{renderIssue(issue('editor.paramsUncounted', { count: summary.uncounted }))}</p>}
      </section>
    );
  }
  if (spec.role !== 'layer') return null;
  const count = layerParamCount(node.type, values, inShape);
  return (
    <section className="tl-insp-section">
      <h3>Weights</h3>
      {count ? <CountLine count={count} what="parameters" /> : <p className="tl-muted" data-testid="param-count">{renderIssue(issue('editor.paramsUncounted', { count: 1 }))}</p>}
    </section>
  );
}

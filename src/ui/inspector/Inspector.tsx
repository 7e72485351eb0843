// The inspector: the selected node's name, params (a form built from its spec), problems, ports
// with their shapes, and its docs. With nothing selected: the document's name and description.
import { memo, useMemo } from 'react';
import type { ParamSpec } from '../../../nodes/spec';
import { scopeKey } from '../../compiler/analysis';
import { modelSignatures } from '../../graph/signatures';
import type { GraphNode, ParamValue } from '../../graph/types';
import { graphIn, setParam } from '../../store/edits';
import { sameScope } from '../../store/session';
import { useAnalysis, useDoc, useSession, useStores } from '../context';
import { getSpec } from '../../../nodes';
import { shapeText } from '../format';
import { portsOf, valuesOf } from '../specs';
import { DocInfo } from './DocInfo';
import { ImageFolderSection } from './ImageFolderPicker';
import { LabelField } from './LabelField';
import { NodeDocs } from './NodeDocs';
import { NodeWeights } from './NodeWeights';
import { ParamField } from './ParamField';
import { SelectionInfo } from './SelectionInfo';

function InspectorPanel() {
  const doc = useDoc();
  const { scope, selectedNodes } = useSession();
  const graph = graphIn(doc, scope);
  const node = selectedNodes.length === 1 ? graph?.nodes.find((n) => n.id === selectedNodes[0]) : undefined;
  return (
    <aside className="tl-inspector" aria-label="Inspector">
      {node ? <NodeInspector node={node} /> : selectedNodes.length > 1 ? <SelectionInfo /> : <DocInfo />}
    </aside>
  );
}

function NodeInspector({ node }: { node: GraphNode }) {
  const stores = useStores();
  const doc = useDoc();
  const { scope } = useSession();
  const analysis = useAnalysis();
  const spec = getSpec(node.type);
  const models = useMemo(() => Object.keys(doc.models), [doc.models]);
  const docModels = doc.models;
  const ctx = useMemo(() => ({ models: modelSignatures({ models: docModels }) }), [docModels]);
  const graph = graphIn(doc, scope);
  const shapes = analysis.shapes[scopeKey(scope)] ?? {};
  const problems = analysis.diagnostics.filter((d) => d.nodeId === node.id && sameScope(d.scope, scope));
  const ports = portsOf(node, ctx);
  const inShape = (port: string) => {
    const e = graph?.edges.find((x) => x.target.node === node.id && x.target.port === port);
    return e ? shapeText(shapes[e.source.node]?.[e.source.port]) : 'not connected';
  };
  const firstIn = ports.inputs[0] && graph?.edges.find((x) => x.target.node === node.id && x.target.port === ports.inputs[0]?.name);
  const firstInShape = firstIn ? shapes[firstIn.source.node]?.[firstIn.source.port] : undefined;
  const commit = (name: string, value: ParamValue) =>
    stores.doc.apply(setParam(scope, node.id, name, value), `Set ${spec?.title ?? node.type} ${name}`);

  return (
    <div className="tl-inspector-body" data-testid="inspector">
      <header className={`tl-insp-head cat-${spec?.category ?? 'unknown'}`}>
        <div className="tl-insp-title">{spec?.title ?? node.type}</div>
        <div className="tl-insp-type">{node.type} · id {node.id}</div>
      </header>
      <LabelField scope={scope} node={node} />
      {problems.length > 0 && (
        <ul className="tl-insp-problems">
          {problems.map((d, i) => <li key={i} className={`sev-${d.severity}`}>{d.message}</li>)}
        </ul>
      )}
      {spec && Object.keys(spec.params).length > 0 && (
        <section className="tl-insp-section">
          <h3>Params</h3>
          {(Object.entries(spec.params) as [string, ParamSpec][]).map(([name, p]) => (
            <ParamField key={`${node.id}/${name}`} name={name} spec={p} nodeSpec={spec} params={node.params} models={models} onCommit={commit} />
          ))}
        </section>
      )}
      <ImageFolderSection node={node} />
      {(ports.inputs.length > 0 || ports.outputs.length > 0) && (
        <section className="tl-insp-section">
          <h3>Ports</h3>
          <table className="tl-ports">
            <tbody>
              {ports.inputs.map((p) => (
                <tr key={`in-${p.name}`} title={p.doc}>
                  <td className="tl-dir">in</td><td className={`tl-port-name kind-${p.kind}`}>{p.name}</td>
                  <td className="tl-shape" data-testid={`in-shape-${p.name}`}>{inShape(p.name)}</td>
                </tr>
              ))}
              {ports.outputs.map((p) => (
                <tr key={`out-${p.name}`} title={p.doc}>
                  <td className="tl-dir">out</td><td className={`tl-port-name kind-${p.kind}`}>{p.name}</td>
                  <td className="tl-shape" data-testid={`out-shape-${p.name}`}>{shapeText(shapes[node.id]?.[p.name])}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </section>
      )}
      {spec && <NodeWeights node={node} spec={spec} values={valuesOf(spec, node)} inShape={firstInShape} />}
      {spec ? <NodeDocs spec={spec} /> : <p className="tl-pad tl-muted">No node type “{node.type}” is registered.</p>}
    </div>
  );
}

/** memo: the layout re-renders on every edit; this panel only when what it reads changes. */
export const Inspector = memo(InspectorPanel);

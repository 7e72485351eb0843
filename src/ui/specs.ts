// What the editor reads off the node specs, generically: ports, resolved params, model references,
// new nodes with default params. No node type is special-cased here.
import { getSpec } from '../../nodes';
import { defaultParams, modelParams, resolveParams } from '../../nodes/params';
import type { InputPortSpec, NodeSpec, ParamSpec, ParamSpecs, ParamValues, PortSpec, ShapeContext } from '../../nodes/spec';
import { scopeOf } from '../../nodes/spec';
import type { GraphNode, GraphScope, Position } from '../graph/types';
import { freshId, idStem, type ModelRefs } from '../store/edits';

export interface NodePorts {
  inputs: readonly InputPortSpec[];
  outputs: readonly PortSpec[];
}

const NO_PORTS: NodePorts = { inputs: [], outputs: [] };

export function valuesOf(spec: NodeSpec, node: GraphNode): ParamValues<ParamSpecs> {
  return resolveParams(spec, node.params).values;
}

/** A node's ports given the models of the document; none for an unknown type or a failing spec. */
export function portsOf(node: GraphNode, ctx: ShapeContext): NodePorts {
  const spec = getSpec(node.type);
  if (!spec) return NO_PORTS;
  try {
    const values = valuesOf(spec, node);
    return { inputs: spec.inputs(values, ctx), outputs: spec.outputs(values, ctx) };
  } catch {
    return NO_PORTS;
  }
}

/** Which params of a node hold model ids, from its spec (used to rename models everywhere). */
export const modelRefsOf: ModelRefs = (node) => {
  const spec = getSpec(node.type);
  return spec ? modelParams(spec) : [];
};

export const fitsScope = (spec: NodeSpec, scope: GraphScope) => scopeOf(spec) === 'any' || scopeOf(spec) === scope.kind;

/**
 * A new node of a type with default params, a readable fresh id, at a position. A 'model' param
 * with no default names the first model of the document, so a new model instance works at once.
 */
export function newNode(spec: NodeSpec, taken: ReadonlySet<string>, position: Position, models: readonly string[]): GraphNode {
  const params = defaultParams(spec);
  for (const [name, p] of Object.entries(spec.params as Record<string, ParamSpec>)) {
    if (p.kind === 'model' && params[name] === '' && models[0] !== undefined) params[name] = models[0];
  }
  return { id: freshId(idStem(spec.type), taken), type: spec.type, params, position: { x: position.x, y: position.y } };
}

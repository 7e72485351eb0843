// Checks a node's stored params against its spec and fills in defaults. Pure.
import { issue, type Issue } from '../src/messages';
import type { ParamValue } from '../src/graph/types';
import type { NodeSpec, ParamSpec, ParamValues, ParamSpecs } from './spec';

export interface ParamProblem {
  param: string;
  issue: Issue;
}

const describe = (v: unknown) => (Array.isArray(v) ? `[${v.map(String).join(', ')}]` : typeof v === 'string' ? `"${v}"` : String(v));

function expectedOf(s: ParamSpec): string {
  switch (s.kind) {
    case 'int': return 'a whole number';
    case 'float': return 'a number';
    case 'bool': return 'true or false';
    case 'enum': return `one of ${s.options.map((o) => `"${o}"`).join(', ')}`;
    case 'shape': return 'a list of positive whole numbers';
    case 'string': return 'text';
    case 'model': return 'a model id';
    case 'models': return 'a list of model ids';
  }
}

function typeOk(s: ParamSpec, v: unknown): boolean {
  switch (s.kind) {
    case 'int': return typeof v === 'number' && Number.isInteger(v);
    case 'float': return typeof v === 'number' && Number.isFinite(v);
    case 'bool': return typeof v === 'boolean';
    case 'enum': return typeof v === 'string' && (s.options as readonly string[]).includes(v);
    case 'shape': return Array.isArray(v) && v.every((d) => typeof d === 'number' && Number.isInteger(d) && d > 0)
      && v.length >= (s.minLength ?? 0) && v.length <= (s.maxLength ?? Infinity);
    case 'string': case 'model': return typeof v === 'string';
    case 'models': return Array.isArray(v) && v.every((m) => typeof m === 'string');
  }
}

function rangeProblem(name: string, s: ParamSpec, v: unknown): Issue | null {
  if ((s.kind !== 'int' && s.kind !== 'float') || typeof v !== 'number') return null;
  const lo = s.min ?? -Infinity, hi = s.max ?? Infinity;
  if (v >= lo && v <= hi) return null;
  return issue('param.range', { param: name, value: String(v), range: `[${s.min ?? '-∞'}, ${s.max ?? '∞'}]` });
}

/**
 * The node's params with defaults filled in, plus every problem found. A value of the wrong type
 * is replaced by the default (and reported) so that the rest of the graph can still be checked.
 */
export function resolveParams<P extends ParamSpecs>(
  spec: NodeSpec<P>,
  stored: Record<string, ParamValue | unknown>,
): { values: ParamValues<P>; problems: ParamProblem[] } {
  const values: Record<string, unknown> = {};
  const problems: ParamProblem[] = [];
  for (const [name, s] of Object.entries(spec.params) as [string, ParamSpec][]) {
    const v = Object.hasOwn(stored, name) ? stored[name] : undefined;
    if (v === undefined) {
      values[name] = Array.isArray(s.default) ? [...s.default] : s.default;
    } else if (!typeOk(s, v)) {
      problems.push({ param: name, issue: issue('doc.paramType', { param: name, expected: expectedOf(s), got: describe(v) }) });
      values[name] = Array.isArray(s.default) ? [...s.default] : s.default;
    } else {
      const r = rangeProblem(name, s, v);
      if (r) problems.push({ param: name, issue: r });
      values[name] = v;
    }
  }
  for (const name of Object.keys(stored)) {
    if (!Object.hasOwn(spec.params, name)) {
      problems.push({ param: name, issue: issue('doc.paramUnknown', { param: name, known: Object.keys(spec.params).join(', ') }) });
    }
  }
  return { values: values as ParamValues<P>, problems };
}

/** Default params of a node type, as stored in a new node. */
export function defaultParams(spec: NodeSpec): Record<string, ParamValue> {
  return resolveParams(spec, {}).values as Record<string, ParamValue>;
}

/** The params of a node type that name models of the document: one ("model") or several ("models"). */
export function modelParams(spec: NodeSpec): { param: string; many: boolean }[] {
  return Object.entries(spec.params as Record<string, ParamSpec>)
    .filter(([, p]) => p.kind === 'model' || p.kind === 'models')
    .map(([param, p]) => ({ param, many: p.kind === 'models' }));
}

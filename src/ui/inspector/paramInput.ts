// Reading a param value typed into the inspector, and the reason when it must be refused. Range
// checks come from the node's own param rules (nodes/params.ts), so the inspector and the compiler
// never disagree about what is valid.
import { resolveParams } from '../../../nodes/params';
import type { NodeSpec, ParamSpec } from '../../../nodes/spec';
import type { ParamValue, Params } from '../../graph/types';
import { renderIssue } from '../../messages';

export type Parsed = { ok: true; value: ParamValue } | { ok: false; reason: string };

const refuse = (reason: string): Parsed => ({ ok: false, reason });

/** The text a value is edited as: 28, 28, 1 for shapes. */
export function valueToText(v: ParamValue | ParamSpec['default'] | undefined): string {
  if (v === undefined) return '';
  return Array.isArray(v) ? v.join(', ') : String(v);
}

export function parseParam(spec: ParamSpec, text: string): Parsed {
  const t = text.trim();
  switch (spec.kind) {
    case 'int':
      if (!/^[-+]?\d+$/.test(t)) return refuse(t ? `“${t}” is not a whole number.` : 'Enter a whole number.');
      return { ok: true, value: Number(t) };
    case 'float': {
      const v = Number(t);
      if (!t || !Number.isFinite(v)) return refuse(t ? `“${t}” is not a number.` : 'Enter a number.');
      return { ok: true, value: v };
    }
    case 'shape': {
      const parts = t.split(/[\s,×x]+/).filter(Boolean);
      const bad = parts.find((p) => !/^\d+$/.test(p) || Number(p) === 0);
      if (bad !== undefined) return refuse(`“${bad}” is not a positive whole number. Write the sizes separated by commas, e.g. 28, 28, 1.`);
      const min = spec.minLength ?? 0, max = spec.maxLength ?? Infinity;
      if (parts.length < min || parts.length > max) {
        const want = min === max ? `${min}` : max === Infinity ? `at least ${min}` : min === 0 ? `at most ${max}` : `${min} to ${max}`;
        return refuse(`Give ${want} size${max === 1 ? '' : 's'}; this has ${parts.length}.`);
      }
      return { ok: true, value: parts.map(Number) };
    }
    case 'bool':
      return t === 'true' || t === 'false' ? { ok: true, value: t === 'true' } : refuse('Choose on or off.');
    case 'enum':
      return (spec.options as readonly string[]).includes(t) ? { ok: true, value: t } : refuse(`Choose one of ${spec.options.join(', ')}.`);
    case 'string':
    case 'model':
      return { ok: true, value: text };
    case 'models':
      return { ok: true, value: t.split(/[\s,]+/).filter(Boolean) };
  }
}

/** Why the node's rules refuse `value` for param `name` (range and the like), or null if it is fine. */
export function ruleProblem(nodeSpec: NodeSpec, params: Params, name: string, value: ParamValue): string | null {
  const { problems } = resolveParams(nodeSpec, { ...params, [name]: value });
  const p = problems.find((x) => x.param === name);
  return p ? renderIssue(p.issue) : null;
}

/** Parse, then check against the node's rules: the value to store, or the reason it is refused. */
export function acceptParam(nodeSpec: NodeSpec, params: Params, name: string, text: string): Parsed {
  const spec = (nodeSpec.params as Record<string, ParamSpec>)[name];
  if (!spec) return refuse(`This node has no param “${name}”.`);
  const parsed = parseParam(spec, text);
  if (!parsed.ok) return parsed;
  const problem = ruleProblem(nodeSpec, params, name, parsed.value);
  return problem ? refuse(problem) : parsed;
}

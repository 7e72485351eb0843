// Short text forms of shapes and param values for the canvas and panels.
import type { ParamSpec, Shape } from '../../nodes/spec';
import type { ParamValue } from '../graph/types';
import { showShape } from '../messages';

/** [batch, 28, 28, 1]; 'scalar' for rank 0; '?' when unknown. */
export const shapeText = (s: Shape | undefined): string => (s ? (s.length === 0 ? 'scalar' : showShape(s)) : '?');

export function paramText(spec: ParamSpec, v: ParamValue | ParamSpec['default'] | undefined): string {
  if (v === undefined) return '—';
  switch (spec.kind) {
    case 'shape':
      return Array.isArray(v) ? v.join('×') : String(v);
    case 'models':
      return Array.isArray(v) ? (v.length ? v.join(', ') : 'none') : String(v);
    case 'bool':
      return v ? 'on' : 'off';
    case 'float':
      return typeof v === 'number' ? floatText(v) : String(v);
    case 'string':
    case 'model':
      return v === '' ? '—' : String(v);
    default:
      return String(v);
  }
}

function floatText(v: number): string {
  if (v === 0) return '0';
  const a = Math.abs(v);
  return a < 1e-3 || a >= 1e5 ? v.toExponential(1).replace('e-', 'e−') : String(Number(v.toPrecision(4)));
}

/** 'learningRate' → 'learning rate' */
export function paramLabel(name: string): string {
  return name.replace(/([a-z0-9])([A-Z])/g, '$1 $2').replace(/_/g, ' ').toLowerCase();
}

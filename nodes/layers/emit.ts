// Writes the object literals of emitted layer constructors, so every node emits the same style.
import { quote } from '../../src/codegen/names';

/** An expression of the emitted program, written as it is (a seeded initialiser, a seed). */
export interface Code {
  readonly code: string;
}
export const code = (text: string): Code => ({ code: text });

export type Literal = string | number | boolean | readonly number[] | Code;

/** One value as emitted code: strings quoted, Code as it is. */
export function literal(v: Literal): string {
  if (typeof v === 'string') return quote(v);
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  if ('code' in v) return v.code;
  return `[${v.map(String).join(', ')}]`;
}

/** `callee({ key: value, ... })`, e.g. `tf.layers.dense({ name: 'd1', units: 128 })`. */
export function emitCall(callee: string, args: Record<string, Literal>): string {
  const body = Object.entries(args)
    .map(([k, v]) => `${k}: ${literal(v)}`)
    .join(', ');
  return `${callee}({ ${body} })`;
}

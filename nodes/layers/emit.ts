// Writes the object literals of emitted layer constructors, so every node emits the same style.

export type Literal = string | number | boolean | readonly number[];

function literal(v: Literal): string {
  if (typeof v === 'string') return `'${v.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  return `[${v.map(String).join(', ')}]`;
}

/** `callee({ key: value, ... })`, e.g. `tf.layers.dense({ name: 'd1', units: 128 })`. */
export function emitCall(callee: string, args: Record<string, Literal>): string {
  const body = Object.entries(args)
    .map(([k, v]) => `${k}: ${literal(v)}`)
    .join(', ');
  return `${callee}({ ${body} })`;
}

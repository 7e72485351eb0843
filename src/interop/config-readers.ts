// Reading one Keras layer config into node params. A setting the node cannot represent throws a
// SettingRefused, which the converter table turns into a coded issue (nothing escapes the import).
import type { Shape } from '../../nodes/spec';
import type { JsonRecord } from './json-values';

export class SettingRefused extends Error {
  constructor(
    readonly setting: string,
    readonly detail: string,
  ) {
    super(`${setting}: ${detail}`);
  }
}

const show = (v: unknown) => JSON.stringify(v) ?? String(v);

export function refuse(setting: string, value: unknown, detail: string): never {
  throw new SettingRefused(`${setting} = ${show(value)}`, detail);
}

export function num(c: JsonRecord, key: string, fallback?: number): number {
  const v = c[key] ?? fallback;
  if (typeof v !== 'number' || !Number.isFinite(v)) refuse(key, v, 'a number is expected');
  return v;
}

export function bool(c: JsonRecord, key: string, fallback: boolean): boolean {
  const v = c[key] ?? fallback;
  if (typeof v !== 'boolean') refuse(key, v, 'true or false is expected');
  return v;
}

export function oneOf<const O extends string>(c: JsonRecord, key: string, options: readonly O[], fallback: O): O {
  const v = c[key] ?? fallback;
  if (typeof v !== 'string' || !(options as readonly string[]).includes(v)) refuse(key, v, `only ${options.map((o) => `"${o}"`).join(' or ')}`);
  return v as O;
}

/** A size that Tensorloom keeps square: a number, or a list of equal numbers (one per axis). */
export function square(c: JsonRecord, key: string, fallback?: number): number {
  const v = c[key] ?? fallback;
  const list = Array.isArray(v) ? v : [v];
  const first = list[0];
  if (typeof first !== 'number' || !Number.isInteger(first) || !list.every((x) => x === first)) {
    refuse(key, v, 'Tensorloom layers use the same size for height and width');
  }
  return first;
}

/** A setting that must keep its default for the node to mean the same (dilation 1, no groups...). */
export function onlyDefault(c: JsonRecord, key: string, accepted: readonly unknown[], why: string): void {
  const v = c[key];
  if (v === undefined || accepted.some((a) => show(a) === show(v))) return;
  refuse(key, v, why);
}

export const channelsLast = (c: JsonRecord) =>
  onlyDefault(c, 'data_format', [null, 'channels_last'], 'Tensorloom keeps images as [batch, height, width, channels]');

/**
 * An axis that must be the last one: -1, rank - 1, or a one-element list of either. `rank`
 * counts the batch dimension.
 */
export function lastAxis(c: JsonRecord, key: string, input: Shape | undefined): void {
  const v = c[key] ?? -1;
  const axis = Array.isArray(v) && v.length === 1 ? v[0] : v;
  if (axis === -1 || (input && axis === input.length - 1)) return;
  refuse(key, v, 'Tensorloom works along the last axis (channels) only');
}

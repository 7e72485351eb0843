// The shape of a graph file, as a zod schema, and plain-words explanations of what does not fit.
// The schema describes the current document version only: older files are migrated (as raw JSON)
// before they get here. Unknown keys are not an error: they are reported as warnings and dropped,
// so a hand-edited file still opens, and nothing the app does not understand is silently kept.
import * as z from 'zod';
import { GRAPH_FORMAT, GRAPH_VERSION, type GraphDoc } from './types';
import type { PathSegment } from './json-path';

const id = z.string().min(1);

export const paramValueSchema = z.union([z.number(), z.string(), z.boolean(), z.array(z.number()), z.array(z.string())]);

const portRefSchema = z.strictObject({ node: z.string(), port: z.string() });

export const nodeSchema = z.strictObject({
  id,
  type: z.string().min(1),
  params: z.record(z.string(), paramValueSchema),
  position: z.strictObject({ x: z.number(), y: z.number() }),
  label: z.string().optional(),
});

export const edgeSchema = z.strictObject({ id, source: portRefSchema, target: portRefSchema });

export const graphSchema = z.strictObject({ nodes: z.array(nodeSchema), edges: z.array(edgeSchema) });

/** The document as stored in memory (what the editor, store and compiler see). */
export const graphDocSchema = z.strictObject({
  format: z.literal(GRAPH_FORMAT),
  version: z.literal(GRAPH_VERSION),
  meta: z.strictObject({ name: z.string(), description: z.string() }),
  models: z.record(z.string(), graphSchema),
  main: graphSchema,
});

/**
 * The document as stored in a file: the in-memory document plus `nodeVersions`, the version of
 * each node type's params at save time (see migrations.ts). Absent in older or hand-written files.
 */
export const graphFileSchema = graphDocSchema.extend({
  nodeVersions: z.record(z.string(), z.int().min(1)).optional(),
});

export type GraphFile = z.infer<typeof graphFileSchema>;

// What the schema accepts must be a GraphDoc (tsc fails here if the two drift apart).
const schemaFitsTypes = (d: z.infer<typeof graphDocSchema>): GraphDoc => d;
void schemaFitsTypes;

export interface SchemaProblem {
  path: PathSegment[];
  /** plain words: "expected a number, got text "many"" */
  detail: string;
}

export type FileParse =
  | { ok: true; file: GraphFile; unknownKeys: PathSegment[][] }
  | { ok: false; problems: SchemaProblem[]; unknownKeys: PathSegment[][] };

/**
 * Checks raw JSON against the file schema. Unknown keys are removed from `raw` (which must be
 * the caller's own freshly parsed copy) and listed in `unknownKeys`, each as a full path.
 */
export function parseGraphFile(raw: unknown): FileParse {
  const unknownKeys: PathSegment[][] = [];
  // a second pass only when the first found nothing but unknown keys, which it removed
  for (let pass = 0; pass < 2; pass++) {
    const result = graphFileSchema.safeParse(raw);
    if (result.success) return { ok: true, file: result.data, unknownKeys };
    const problems: SchemaProblem[] = [];
    for (const iss of result.error.issues) {
      const path = iss.path.map(toSegment);
      if (iss.code !== 'unrecognized_keys') {
        problems.push({ path, detail: explain(iss, valueAt(raw, path)) });
        continue;
      }
      const container = valueAt(raw, path);
      for (const key of iss.keys) {
        unknownKeys.push([...path, key]);
        if (isRecord(container)) delete container[key];
      }
    }
    if (problems.length > 0) return { ok: false, problems, unknownKeys };
  }
  return { ok: false, problems: [{ path: [], detail: 'could not be read' }], unknownKeys };
}

const toSegment = (k: PropertyKey): PathSegment => (typeof k === 'number' ? k : String(k));

export const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

function valueAt(root: unknown, path: readonly PathSegment[]): unknown {
  let v = root;
  for (const s of path) {
    if (Array.isArray(v) && typeof s === 'number') v = v[s];
    else if (isRecord(v) && typeof s === 'string' && Object.hasOwn(v, s)) v = v[s];
    else return undefined;
  }
  return v;
}

const EXPECTED: Record<string, string> = {
  string: 'text',
  number: 'a number',
  int: 'a whole number',
  boolean: 'true or false',
  array: 'a list',
  object: 'an object',
  record: 'an object',
};

const PARAM_VALUE = 'a number, text, true or false, or a list of numbers or of texts';

function explain(iss: z.core.$ZodIssue, input: unknown): string {
  switch (iss.code) {
    case 'invalid_type': {
      const expected = EXPECTED[iss.expected] ?? iss.expected;
      return input === undefined ? `missing (expected ${expected})` : `expected ${expected}, got ${describeValue(input)}`;
    }
    case 'invalid_union':
      // the only union of the schema is a param's value
      return `expected ${PARAM_VALUE}, got ${describeValue(input)}`;
    case 'invalid_value':
      return `expected ${iss.values.map((v) => JSON.stringify(v)).join(' or ')}, got ${describeValue(input)}`;
    case 'too_small':
      if (iss.origin === 'string') return `must not be empty`;
      return `must be at least ${String(iss.minimum)}, got ${describeValue(input)}`;
    default:
      return iss.message;
  }
}

/** A value as people name it: text "many", the number 3, a list of numbers, an object. */
export function describeValue(v: unknown): string {
  if (v === undefined) return 'nothing';
  if (v === null) return 'null';
  if (typeof v === 'string') return v === '' ? 'empty text' : `text ${JSON.stringify(v.length > 40 ? `${v.slice(0, 40)}…` : v)}`;
  if (typeof v === 'number') return Number.isFinite(v) ? `the number ${v}` : 'a number too large to store';
  if (typeof v === 'boolean') return String(v);
  if (Array.isArray(v)) {
    if (v.length === 0) return 'an empty list';
    const kinds = [...new Set(v.map(kindOf))];
    return `a list of ${kinds.join(' and ')}`;
  }
  return 'an object';
}

function kindOf(v: unknown): string {
  if (typeof v === 'string') return 'texts';
  if (typeof v === 'number') return 'numbers';
  if (typeof v === 'boolean') return 'booleans';
  if (v === null) return 'nulls';
  return Array.isArray(v) ? 'lists' : 'objects';
}

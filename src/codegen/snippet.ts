// A snippet: one fixed top-level declaration of the exported module (a helper function, a type, a
// custom layer class), written out once however many nodes use it, after the snippets it needs.
import type { RuntimeName } from './runtime-code';

/** Where a declaration goes in the module; sections appear in this order. */
export const SECTIONS = ['types', 'random', 'layers', 'models', 'data', 'samplers', 'tensors', 'losses', 'metrics', 'previews', 'training'] as const;
export type Section = (typeof SECTIONS)[number];

export const SECTION_TITLES: Record<Section, string> = {
  types: 'Types',
  random: 'Random numbers',
  layers: 'Custom layers',
  models: 'Models',
  data: 'Data',
  samplers: 'Samplers',
  tensors: 'Tensor operations',
  losses: 'Losses',
  metrics: 'Metrics',
  previews: 'Previews',
  training: 'Training',
};

export interface Snippet {
  /** the name it declares, and the one callers use */
  name: string;
  /** further top-level names it declares (types that go with a function) */
  alsoDeclares?: readonly string[];
  section: Section;
  code: string;
  /** snippets its code uses */
  needs?: readonly Snippet[];
  /** its code mentions the `TF` type namespace (`import type * as TF from '@tensorflow/tfjs'`) */
  usesTfTypes?: boolean;
}

/** What a writer's `use` takes: a snippet, or the name of a runtime declaration the export copies. */
export type Use = (s: Snippet | RuntimeName) => string;

export function snippet(name: string, section: Section, code: string, needs: readonly Snippet[] = [], alsoDeclares: readonly string[] = []): Snippet {
  return { name, section, code: code.trim(), needs, alsoDeclares };
}

/** Every snippet `roots` need, each once, each after what it needs, in order of first use. */
export function withDependencies(roots: readonly Snippet[]): Snippet[] {
  const ordered: Snippet[] = [];
  const seen = new Set<Snippet>();
  const visit = (s: Snippet) => {
    if (seen.has(s)) return;
    seen.add(s);
    for (const n of s.needs ?? []) visit(n);
    ordered.push(s);
  };
  roots.forEach(visit);
  return ordered;
}

// Snippets made of the runtime's own declarations, as npm run export-code copied them out of the
// runtime's files: the exported program runs the very code the app runs, not a restatement of it.
import { RUNTIME_CODE } from './build/runtime-code';
import type { RuntimeDeclaration } from './runtime-code-types';
import type { Snippet } from './snippet';

/** The name of a runtime declaration the export may copy (a function, class, type or constant). */
export type RuntimeName = keyof typeof RUNTIME_CODE;

const TABLE: Readonly<Record<string, RuntimeDeclaration>> = RUNTIME_CODE;
const made = new Map<string, Snippet>();

/** The runtime declaration `name` as a snippet, with the declarations it needs. */
export function runtimeSnippet(name: RuntimeName): Snippet {
  const known = made.get(name);
  if (known) return known;
  const d = TABLE[name];
  if (!d) throw new Error(`the export has no runtime declaration "${name}": run npm run export-code`);
  // filled after the snippet is known: declarations may need each other in a cycle
  const needs: Snippet[] = [];
  const s: Snippet = { name, alsoDeclares: d.names.slice(1), section: d.section, code: d.code.trim(), usesTfTypes: d.usesTfTypes, needs };
  made.set(name, s);
  needs.push(...d.needs.map((n) => runtimeSnippet(n as RuntimeName)));
  return s;
}

/** Every name a runtime declaration may declare in an exported module. */
export const RUNTIME_NAMES: readonly string[] = Object.values(TABLE).flatMap((d) => d.names);

// Every snippet an exported module may declare, so that the writer can keep generated names
// (nodes, models, updates) clear of them.
import { RUNTIME_NAMES } from '../runtime-code';
import { type Snippet, withDependencies } from '../snippet';
import * as data from './data';
import * as layers from './layers';
import * as random from './random';

const isSnippet = (v: unknown): v is Snippet => typeof v === 'object' && v !== null && 'code' in v && 'section' in v;

const ALL: readonly Snippet[] = withDependencies(
  [data, random, layers.CUSTOM_LAYER_CLASSES].flatMap((m) => Object.values(m).filter(isSnippet)),
);

/** Every top-level name a snippet may declare. */
export const SNIPPET_NAMES: readonly string[] = [...ALL.flatMap((s) => [s.name, ...(s.alsoDeclares ?? [])]), ...RUNTIME_NAMES];

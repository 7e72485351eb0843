// Every snippet an exported module may declare, so that the writer can keep generated names
// (nodes, models, updates) clear of them.
import { type Snippet, withDependencies } from '../snippet';
import * as data from './data';
import * as diffusion from './diffusion';
import * as layers from './layers';
import * as losses from './losses';
import * as previews from './previews';
import * as random from './random';
import * as samplers from './samplers';
import * as training from './training';

const isSnippet = (v: unknown): v is Snippet => typeof v === 'object' && v !== null && 'code' in v && 'section' in v;

const ALL: readonly Snippet[] = withDependencies(
  [data, diffusion, losses, previews, random, samplers, training, layers.CUSTOM_LAYER_CLASSES].flatMap((m) => Object.values(m).filter(isSnippet)),
);

/** Every top-level name a snippet may declare. */
export const SNIPPET_NAMES: readonly string[] = ALL.flatMap((s) => [s.name, ...(s.alsoDeclares ?? [])]);

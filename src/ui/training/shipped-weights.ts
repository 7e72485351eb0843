// The trained weights that ship with the templates (assets/trained/ID.tlt, made by
// scripts/trained-weights.ts): which ones fit the open document, fetched from the app itself, and
// kept as an import's weights are, so that a session started afresh begins from them.
import { TEMPLATES } from '../../../templates';
import { modelsRunOnlyAsCopies } from '../../compiler/analyze';
import type { GraphDoc } from '../../graph/types';
import { decodeTrainedWeights, trainedAsStored, type TrainedInfo } from '../../interop/trained-weights';
import type { WeightsStore } from '../../interop/weights-store';
import { issue } from '../../messages';
import { TensorloomError } from '../../runtime/errors';
import { modelFingerprint } from '../../runtime/worker/fingerprint';

const URLS = import.meta.glob('../../../assets/trained/*.tlt', { query: '?url', import: 'default', eager: true }) as Record<string, string>;

export interface Shipped {
  template: string;
  url: string;
  /** the models the weights are for, with the topology they fit (a block run only as copies has none: its copies are its holders' layers) */
  models: { id: string; fingerprint: string }[];
}

const idOf = (file: string) => file.split('/').pop()!.replace(/\.tlt$/, '');

interface TemplateModels {
  /** every model, as the document must have it for the weights to fit */
  all: Shipped['models'];
  /** the models built, which the weights are for */
  weighted: Shipped['models'];
}

const templateModels = new Map<string, TemplateModels>();
/** A template's models and their fingerprints, worked out once: this runs on every edit. */
function modelsOf(id: string, doc: GraphDoc): TemplateModels {
  let m = templateModels.get(id);
  if (!m) {
    const copies = modelsRunOnlyAsCopies(doc);
    const all = Object.entries(doc.models).map(([modelId, g]) => ({ id: modelId, fingerprint: modelFingerprint(g) }));
    templateModels.set(id, (m = { all, weighted: all.filter((x) => !copies.has(x.id)) }));
  }
  return m;
}

/** The shipped weights of the template whose every model the document has, unchanged; else null. */
export function shippedFor(models: GraphDoc['models'], urls: Readonly<Record<string, string>> = URLS): Shipped | null {
  for (const [file, url] of Object.entries(urls)) {
    const t = TEMPLATES.find((x) => x.id === idOf(file));
    if (!t) continue;
    const wanted = modelsOf(t.id, t.doc);
    const fits = wanted.all.every((m) => Object.hasOwn(models, m.id) && modelFingerprint(models[m.id]!) === m.fingerprint);
    if (fits) return { template: t.id, url, models: wanted.weighted };
  }
  return null;
}

/** Fetches the weights and keeps them for every model; returns how they were trained. */
export async function keepShipped(s: Shipped, store: Pick<WeightsStore, 'save'>, fetchBytes = fetchFile): Promise<TrainedInfo> {
  const decoded = decodeTrainedWeights(await fetchBytes(s.url));
  if (!decoded.ok) throw new TensorloomError(issue('trained.unreadable', { file: s.url, detail: decoded.detail }));
  for (const record of trainedAsStored(decoded.value, Date.now())) await store.save(record);
  return decoded.value.info;
}

/** Forgets the kept weights of these models: a session started afresh begins from fresh weights. */
export async function forgetShipped(s: Shipped, store: Pick<WeightsStore, 'remove'>): Promise<void> {
  for (const m of s.models) await store.remove(m.id, m.fingerprint);
}

/** Whether weights are kept for every one of these models (shipped or imported). */
export async function keptForAll(s: Shipped, store: Pick<WeightsStore, 'list'>): Promise<boolean> {
  const kept = await store.list();
  return s.models.every((m) => kept.some((k) => k.modelId === m.id && k.fingerprint === m.fingerprint));
}

async function fetchFile(url: string): Promise<Uint8Array> {
  const r = await fetch(url);
  if (!r.ok) throw new TensorloomError(issue('trained.unreadable', { file: url, detail: `the app answered ${r.status}` }));
  return new Uint8Array(await r.arrayBuffer());
}

// The fuzz suite: seeded mutations of every template (deleted keys, wrong types, huge, negative
// and non-finite numbers, duplicate ids, cycles, odd ids, deep nesting, large files, damaged text)
// go through load and analysis, which must answer each with coded messages and never throw; every
// document they accept trains one iteration on the CPU (a sample of them, narrowed: batch 2 and
// the template's CPU widths) without a throw. FUZZ_SEED=n runs another seed; FUZZ_LIST=1 lists
// the accepted documents.
import { readdirSync, readFileSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { analyze, analyzeFront } from '../../src/compiler/analyze';
import type { Diagnostic } from '../../src/compiler/diagnostics';
import { estimateMemory } from '../../src/compiler/memory';
import { cliDatasetLoader } from '../../src/cli/datasets';
import { withLoadDiagnostics } from '../../src/cli/report';
import { loadDocument, loadDocumentJson } from '../../src/graph/load';
import type { GraphDoc } from '../../src/graph/types';
import { MESSAGES, severityOf, type MessageCode } from '../../src/messages';
import type { Dataset } from '../../nodes/spec';
import { TensorloomError } from '../../src/runtime/errors';
import { createSession, disposeSession } from '../../src/runtime/session';
import { train } from '../../src/runtime/trainer';
import { tf } from '../helpers/cpu-session';
import { damageText, MUTATIONS, render, type Ctx, type Json } from './mutate';
import { narrowForCpu } from './narrow';
import { Seeded } from './seeded';

const SEED = Number(process.env.FUZZ_SEED ?? 20_250_601);
const PER_TEMPLATE = 60;
/** accepted documents trained per run, chosen for variety (each takes about a second here) */
const TRAIN_AT_MOST = 40;
/** the most a trained document may hold, by the compiler's estimate: the CPU backend is slow */
const CPU_BUDGET_BYTES = 12 * 2 ** 20;

const TEMPLATE_DIR = new URL('../../templates/', import.meta.url);
const templates = readdirSync(TEMPLATE_DIR)
  .filter((f) => f.endsWith('.json'))
  .sort()
  .map((f) => ({ id: f.replace(/\.json$/, ''), json: JSON.parse(readFileSync(new URL(f, TEMPLATE_DIR), 'utf8')) as Json }));

interface Accepted {
  index: number;
  template: string;
  kinds: string[];
  doc: GraphDoc;
}

const figures = { tried: 0, refusedAtLoad: 0, refusedByAnalysis: 0, accepted: 0, trained: 0, nonFiniteLoss: 0, overBudget: 0, thrown: 0, narrowed: { recipe: 0, batch: 0, 'as is': 0 } };
const accepted: Accepted[] = [];

function mutant(index: number) {
  const rng = new Seeded(SEED * 1000 + index);
  const t = templates[index % templates.length]!;
  const doc = structuredClone(t.json) as { [k: string]: Json };
  const ctx: Ctx = { rng, asText: rng.chance(0.8), markers: { text: new Map(), value: new Map() } };
  const names = Object.keys(MUTATIONS);
  const kinds = Array.from({ length: rng.int(1, 3) }, () => rng.pick(names));
  for (const k of kinds) MUTATIONS[k]!(doc, ctx);
  let input = render(doc, ctx);
  if ('text' in input && rng.chance(0.1)) {
    kinds.push('damageText');
    input = { text: damageText(input.text, rng) };
  }
  return { template: t.id, kinds, input };
}

/** Every diagnostic is one of the coded messages, with its severity and a text. */
function expectCoded(ds: readonly Diagnostic[], where: string) {
  for (const d of ds) {
    expect(Object.hasOwn(MESSAGES, d.code), `${where}: ${d.code}`).toBe(true);
    expect(d.severity, `${where}: ${d.code}`).toBe(severityOf(d.code as MessageCode));
    expect(d.message.length, `${where}: ${d.code}`).toBeGreaterThan(0);
    // internal.* is a bug of the product reported instead of a crash: none may be found here
    expect(d.code.startsWith('internal.'), `${where}: ${d.message}`).toBe(false);
  }
}

afterAll(() => {
  const n = figures.narrowed;
  console.log(
    `fuzz seed ${SEED}: ${figures.tried} documents tried; refused with coded messages: ${figures.refusedAtLoad + figures.refusedByAnalysis} ` +
      `(${figures.refusedAtLoad} at load, ${figures.refusedByAnalysis} by the analysis); accepted: ${figures.accepted}; ` +
      `trained one iteration: ${figures.trained} (narrowed by recipe ${n.recipe}, batch only ${n.batch}, as is ${n['as is']}; ` +
      `${figures.nonFiniteLoss} stopped on a non-finite loss), over the CPU budget: ${figures.overBudget}; stack traces: ${figures.thrown}`,
  );
});

describe('fuzzed documents', () => {
  it(`load and analysis answer ${PER_TEMPLATE * templates.length} mutants with coded messages, never a throw`, () => {
    expect(templates.length).toBeGreaterThanOrEqual(5);
    const thrown: string[] = [];
    for (let i = 0; i < PER_TEMPLATE * templates.length; i++) {
      const m = mutant(i);
      const where = `seed ${SEED} #${i} (${m.template}: ${m.kinds.join(', ')})`;
      figures.tried++;
      try {
        const r = 'text' in m.input ? loadDocument(m.input.text) : loadDocumentJson(m.input.value);
        expectCoded(r.diagnostics, where);
        if (!r.ok) {
          expect(r.diagnostics.some((d) => d.severity === 'error'), where).toBe(true);
          figures.refusedAtLoad++;
          continue;
        }
        const ds = withLoadDiagnostics(r.diagnostics, analyze(r.doc).diagnostics);
        expectCoded(ds, where);
        if (ds.some((d) => d.severity === 'error')) figures.refusedByAnalysis++;
        else {
          figures.accepted++;
          accepted.push({ index: i, template: m.template, kinds: m.kinds, doc: r.doc });
          if (process.env.FUZZ_LIST) console.log(`accepted #${i} ${m.template}: ${m.kinds.join(', ')}`);
        }
      } catch (e) {
        if (e instanceof Error && e.name === 'AssertionError') throw e;
        figures.thrown++;
        thrown.push(`${where}: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`);
      }
    }
    expect(thrown).toEqual([]);
    expect(figures.tried).toBeGreaterThanOrEqual(300);
    expect(figures.refusedAtLoad).toBeGreaterThan(0);
    expect(figures.refusedByAnalysis).toBeGreaterThan(0);
    expect(figures.accepted).toBeGreaterThan(0);
  });

  it('accepted documents train one iteration on the CPU without a throw', async () => {
    await tf.setBackend('cpu');
    // variety first: one per template and mix of mutations, then the rest in order
    const seen = new Set<string>();
    const first = accepted.filter((a) => {
      const key = `${a.template}:${[...a.kinds].sort().join('+')}`;
      return !seen.has(key) && seen.add(key);
    });
    const ordered = [...new Set([...first, ...accepted])];
    const cache = new Map<string, Promise<Dataset>>();
    const load = cliDatasetLoader(undefined, {}, () => {});
    const loadDataset = (key: string) => cache.get(key) ?? (cache.set(key, load(key)), cache.get(key)!);
    const thrown: string[] = [];
    for (const a of ordered) {
      if (figures.trained === TRAIN_AT_MOST) break;
      const where = `seed ${SEED} #${a.index} (${a.template}: ${a.kinds.join(', ')})`;
      const { doc, how } = narrowForCpu(a.template, a.doc);
      if (estimateMemory(analyzeFront(doc)).bytes > CPU_BUDGET_BYTES) {
        figures.overBudget++;
        continue;
      }
      const t0 = performance.now();
      try {
        const s = await createSession(tf, doc, { seed: 1, loadDataset });
        try {
          const r = await train(s, { steps: 1, metricsEvery: 1 });
          if (r.status === 'nonFinite') figures.nonFiniteLoss++;
          else expect(r.status, where).toBe('done');
        } finally {
          disposeSession(s);
        }
        figures.trained++;
        figures.narrowed[how]++;
        if (process.env.FUZZ_LIST) console.log(`trained ${where} (${how}) in ${Math.round(performance.now() - t0)} ms`);
      } catch (e) {
        if (e instanceof Error && e.name === 'AssertionError') throw e;
        figures.thrown++;
        const coded = e instanceof TensorloomError ? ' (coded)' : '';
        thrown.push(`${where}${coded}: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`);
      }
    }
    expect(thrown).toEqual([]);
    expect(figures.trained).toBeGreaterThan(0);
  });
});

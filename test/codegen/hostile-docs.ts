// Documents holding hostile strings everywhere a person can type one, for the export tests of both
// targets (test/codegen/hostile-strings.test.ts, test/pytorch/hostile-strings.test.ts).
import type { GraphDoc } from '../../src/graph/types';
import { TEMPLATES } from '../../templates';

/** Each ends a comment, a line, a string or a template literal, then runs code that leaves a mark. */
export const HOSTILE = [
  'x */ } globalThis.__hostile = 1; interface Q { /*',
  'a\u2028globalThis.__hostile = 2; //',
  'b\u2029globalThis.__hostile = 3; //',
  'c\rglobalThis.__hostile = 4; //',
  'd\nglobalThis.__hostile = 5; //',
  '`${(globalThis.__hostile = 6)}`',
  "'); globalThis.__hostile = 7; ('",
  '"); globalThis.__hostile = 8; ("',
  'nul\u0000byte',
  '\\u0027 backslash \\',
];

/** The 2-D GAN with `text` in every label and the graph's name and description, and in two node ids. */
export function hostileGan(text: string): GraphDoc {
  const doc = structuredClone(TEMPLATES.find((t) => t.id === 'gan-2d')!.doc);
  doc.meta.name = text;
  doc.meta.description = text;
  for (const g of [doc.main, ...Object.values(doc.models)]) for (const n of g.nodes) n.label = text;
  const rename = (from: string, to: string) => {
    for (const n of doc.main.nodes) if (n.id === from) n.id = to;
    for (const e of doc.main.edges) {
      if (e.source.node === from) e.source.node = to;
      if (e.target.node === from) e.target.node = to;
    }
  };
  rename('real_loss', `real ${text}`);
  rename('fake_points', `fake ${text}`);
  return doc;
}

/** The DCGAN drawing from a folder of pictures named `text`. */
export function hostileFolder(text: string): GraphDoc {
  const doc = structuredClone(TEMPLATES.find((t) => t.id === 'dcgan')!.doc);
  const real = doc.main.nodes.find((n) => n.id === 'real')!;
  real.type = 'data.images';
  real.params = { dataset: text, size: 28, color: 'grayscale', batchSize: 64, normalize: '[-1,1]' };
  return doc;
}

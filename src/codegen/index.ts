// The TypeScript export: a graph document as one self-contained module that depends only on
// @tensorflow/tfjs. The writer owns the names and the declarations; the nodes say what they
// compute (layers through LayerNodeSpec.emit, the rest through ./emitters).
import { analyzeFront } from '../compiler/analyze';
import type { GraphDoc } from '../graph/types';
import { issue } from '../messages';
import { TensorloomError } from '../runtime/errors';
import { formatTypeScript } from './format';
import { modelKeys, writeModelBuilder } from './models';
import { modelNesting } from '../graph/model-nesting';
import { lineComment } from './comments';
import { type NodeLines, takeNodeLines } from './node-lines';
import { commentText, NameScope } from './names';
import { writeProgram } from './program';
import { SECTION_TITLES, SECTIONS, type Snippet, withDependencies } from './snippet';
import { SNIPPET_NAMES } from './snippets';

/** Names every exported module declares itself. */
const MODULE_NAMES = ['tf', 'TF', 'Training', 'DataSources', 'createTraining', 'trainStep', 'sample', 'main'];

function header(doc: GraphDoc, dataSources: readonly { key: string; splits: string[] }[], tfTypes: boolean): string[] {
  const sources = dataSources.map((d) => `${d.key}: imagesInMemory({ ${d.splits.join(', ')} })`).join(', ');
  const use = dataSources.length
    ? `Use: \`await main({ ${sources} })\` with the images in memory, or createTraining, then trainStep in a loop and sample for the previews.`
    : 'Use: `await main()`, or createTraining, then trainStep in a loop and sample for the previews.';
  return [
    ...lineComment(commentText(doc.meta.name || 'Untitled graph')),
    '//',
    ...(doc.meta.description ? [...lineComment(doc.meta.description), '//'] : []),
    ...lineComment(
      'Exported from Tensorloom: the models, the training step and the previews of the graph in plain ' +
        'TensorFlow.js. With the same seed (and the same images) it draws the same random numbers as the app on ' +
        "the CPU backend, so it trains to the same losses there; on WebGPU the app's normal draws may differ from " +
        'these in the last bit or two, which training amplifies over many steps.',
    ),
    '//',
    ...lineComment(use),
    '//',
    ...lineComment('It runs on whichever backend tfjs picks. For WebGPU, in a browser or in Node with the `webgpu` package:'),
    `//   import '@tensorflow/tfjs-backend-webgpu';`,
    `//   await tf.setBackend('webgpu');`,
    `import * as tf from '@tensorflow/tfjs';`,
    // the runtime code copied below names tfjs's types through TF, as the app's source does
    ...(tfTypes ? [`import type * as TF from '@tensorflow/tfjs';`] : []),
  ];
}

const banner = (title: string) => `// ── ${title} ${'─'.repeat(Math.max(4, 93 - title.length))}`;

/**
 * The module's source, unformatted. Throws a TensorloomError for a graph with errors. With
 * `nodeMarkers`, each node's code is wrapped in the marker comments of ./node-lines.
 */
export function writeModule(doc: GraphDoc, options: { nodeMarkers?: boolean } = {}): string {
  const marks = options.nodeMarkers ?? false;
  const front = analyzeFront(doc);
  const errors = front.diagnostics.filter((d) => d.severity === 'error');
  if (errors.length) throw new TensorloomError(issue('run.invalidGraph', { count: errors.length, first: errors[0]!.message }));

  const module = new NameScope([...MODULE_NAMES, ...SNIPPET_NAMES]);
  // each model after the models it runs inside itself, which its builder takes built
  const order = modelNesting(front.doc).order.filter((id) => !front.copiedOnly.has(id));
  const keys = modelKeys(order);
  const builders = order.map((id) => writeModelBuilder(front, id, module, keys, marks));
  const program = writeProgram(front, builders, module, marks);

  const snippets = withDependencies([...builders.flatMap((b) => b.uses), ...program.uses]);
  const bySection = (section: Snippet['section']) => snippets.filter((s) => s.section === section).map((s) => s.code);
  const sections: [Snippet['section'], string[]][] = SECTIONS.map((section) => {
    if (section === 'models') return [section, builders.map((b) => b.code)];
    if (section === 'training') return [section, [...bySection(section), ...program.code]];
    return [section, bySection(section)];
  });

  const parts = [header(doc, program.dataSources, snippets.some((s) => s.usesTfTypes)).join('\n')];
  for (const [section, declarations] of sections) {
    if (declarations.length) parts.push([banner(SECTION_TITLES[section]), ...declarations].join('\n\n'));
  }
  return `${parts.join('\n\n')}\n`;
}

/** The module's source, formatted with prettier. */
export async function exportTypeScript(doc: GraphDoc): Promise<string> {
  return formatTypeScript(writeModule(doc));
}

/** The formatted module (the same text as exportTypeScript) and the lines each node wrote. */
export async function exportTypeScriptWithLines(doc: GraphDoc): Promise<{ code: string; ranges: NodeLines[] }> {
  return takeNodeLines(await formatTypeScript(writeModule(doc, { nodeMarkers: true })));
}

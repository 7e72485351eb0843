// The PyTorch export: a graph document as a small Python package (models.py, train.py, the shared
// tensorloom_runtime.py, a README and requirements.txt) that trains the graph with PyTorch, in one
// process or many under torchrun. The nodes say what they compute (their `torch` parts); this
// writer owns the files, names and declarations.
import { analyzeFront } from '../../compiler/analyze';
import type { GraphDoc } from '../../graph/types';
import { issue } from '../../messages';
import { TensorloomError } from '../../runtime/errors';
import { PYTHON_RUNTIME } from '../build/python-runtime';
import { writeTorchModel } from './models';
import { modelNesting } from '../../graph/model-nesting';
import { pyDocText, pythonScope } from './names';
import { py } from '../../../nodes/torch-emit';
import { writeTorchProgram } from './program';
import { importsFor } from './imports';
import { packageReadme } from './readme';

/** The oldest PyTorch the package is tested with (Debian's python3-torch). */
export const MIN_TORCH = '1.13';

export interface PyTorchPackage {
  /** file name → text */
  files: Record<string, string>;
  /** the dataset files (KEY.bin) the package reads from its data folder */
  datasets: string[];
}

export function exportPyTorch(doc: GraphDoc): PyTorchPackage {
  const front = analyzeFront(doc);
  const errors = front.diagnostics.filter((d) => d.severity === 'error');
  if (errors.length) throw new TensorloomError(issue('run.invalidGraph', { count: errors.length, first: errors[0]!.message }));
  const classes = pythonScope();
  // each model after the models it runs inside itself, which its constructor takes
  const models = modelNesting(front.doc).order.filter((id) => !front.copiedOnly.has(id)).map((id) => writeTorchModel(front, id, classes));
  const program = writeTorchProgram(doc, front, models);
  const body = models.map((m) => m.code).join('\n\n\n');
  const modelsPy = [
    `"""The models of "${pyDocText(doc.meta.name || 'Untitled graph')}", one nn.Module each, layer by layer as the app builds them."""`,
    '',
    ...importsFor(body),
    '',
    '',
    body,
    '',
    '',
    '# the models by their ids in the graph',
    `MODELS = {${models.map((m) => `${py(m.modelId)}: ${m.className}`).join(', ')}}`,
    '',
  ].join('\n');
  return {
    files: {
      'models.py': modelsPy,
      'train.py': program.code,
      'tensorloom_runtime.py': PYTHON_RUNTIME,
      'requirements.txt': `torch>=${MIN_TORCH}\n`,
      'README.md': packageReadme(doc, program, MIN_TORCH),
    },
    datasets: program.datasets,
  };
}

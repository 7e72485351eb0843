// The PyTorch export's refusals: a node it cannot write, or a setting of one it cannot.
import { nodeName } from '../../compiler/diagnostics';
import type { GraphNode } from '../../graph/types';
import { issue } from '../../messages';
import { TensorloomError } from '../../runtime/errors';

export const unsupported = (node: GraphNode, title: string) =>
  new TensorloomError(issue('export.pytorchNode', { node: nodeName(node), title }));

/** Runs a node's writer, turning what it cannot write (a thrown Error) into a coded refusal. */
export function writtenBy<T>(node: GraphNode, write: () => T): T {
  try {
    return write();
  } catch (e) {
    if (e instanceof TensorloomError) throw e;
    throw new TensorloomError(issue('export.pytorchSetting', { node: nodeName(node), detail: (e as Error).message }));
  }
}

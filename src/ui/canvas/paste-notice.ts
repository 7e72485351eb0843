// What a paste says when some copied nodes cannot go in the open graph (layers belong in models;
// data, samplers, losses, optimizers and previews in the training graph), instead of dropping them
// without a word. Pure.
import { getSpec } from '../../../nodes';
import type { GraphScope } from '../../graph/types';
import { issue, renderIssue } from '../../messages';
import type { Fragment } from '../../store/edits';
import { fitsScope } from '../specs';

export function leftOutOfPaste(frag: Fragment, pasted: number, scope: GraphScope): string | null {
  if (pasted >= frag.nodes.length) return null;
  const titles = [...new Set(frag.nodes.map((n) => getSpec(n.type)).filter((s) => s && !fitsScope(s, scope)).map((s) => s!.title))];
  const code = scope.kind === 'main' ? 'paste.layersInMain' : 'paste.trainingInModel';
  return renderIssue(issue(code, { count: frag.nodes.length - pasted, kinds: titles.join(', ') }));
}

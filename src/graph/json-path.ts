// JSON paths as people read them: `models.generator.nodes[3].params.units`. Diagnostics carry
// them so that the editor and the CLI can point at the exact value in the file.
import type { GraphScope } from './types';

export type PathSegment = string | number;

const IDENT = /^[A-Za-z_$][\w$]*$/;

export function formatPath(segments: readonly PathSegment[]): string {
  let out = '';
  for (const s of segments) {
    if (typeof s === 'number') out += `[${s}]`;
    else if (IDENT.test(s)) out += out ? `.${s}` : s;
    else out += `[${JSON.stringify(s)}]`;
  }
  return out;
}

/** Where a scope's graph lives in the document: ['main'] or ['models', id]. */
export function scopeSegments(scope: GraphScope): PathSegment[] {
  return scope.kind === 'main' ? ['main'] : ['models', scope.modelId];
}

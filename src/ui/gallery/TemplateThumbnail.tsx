// The SVG picture of a template's training graph (see thumbnail.ts).
import { memo, useMemo } from 'react';
import { getSpec } from '../../../nodes';
import type { Graph } from '../../graph/types';
import { thumbnail } from './thumbnail';

const categoryOf = (type: string) => getSpec(type)?.category;

function TemplateThumbnailImpl({ graph }: { graph: Graph }) {
  const th = useMemo(() => thumbnail(graph, categoryOf), [graph]);
  return (
    <svg className="tl-thumb" viewBox={`0 0 ${th.width} ${th.height}`} role="img" aria-label="Layout of the training graph">
      {th.wires.map((d, i) => <path key={i} d={d} className="tl-thumb-wire" />)}
      {th.nodes.map((n) => (
        <rect key={n.id} x={n.x} y={n.y} width={n.width} height={n.height} rx={2} style={{ fill: `var(--cat-${n.category})` }} />
      ))}
    </svg>
  );
}

export const TemplateThumbnail = memo(TemplateThumbnailImpl);

// An edge labelled with the shape of the tensor it carries (from the live analysis).
import { BaseEdge, EdgeLabelRenderer, getBezierPath, useStore, type EdgeProps } from '@xyflow/react';
import { memo } from 'react';
import { shapeText } from '../format';
import { isFar } from './farView';
import type { FlowEdge } from './flowModel';

function ShapeEdgeImpl(props: EdgeProps<FlowEdge>) {
  const { id, sourceX, sourceY, targetX, targetY, sourcePosition, targetPosition, data, selected } = props;
  const [path, labelX, labelY] = getBezierPath({ sourceX, sourceY, targetX, targetY, sourcePosition, targetPosition });
  const kind = data?.kind ?? 'tensor';
  const cls = `tl-edge kind-${kind}${data?.error ? ' error' : ''}${selected ? ' selected' : ''}`;
  // zoomed far out the labels would be unreadable specks over the wires: the inspector has them
  const far = useStore(isFar);
  const label = data?.shape && !far ? shapeText(data.shape) : null;
  return (
    <>
      <BaseEdge id={id} path={path} className={cls} interactionWidth={16} />
      {label !== null && (
        <EdgeLabelRenderer>
          <div
            className={`tl-edge-label kind-${kind}${data?.error ? ' error' : ''}${selected ? ' selected' : ''}`}
            style={{ transform: `translate(-50%, -50%) translate(${labelX}px, ${labelY}px)` }}
            data-testid={`edge-label-${id}`}
          >
            {label}
          </div>
        </EdgeLabelRenderer>
      )}
    </>
  );
}

export const ShapeEdge = memo(ShapeEdgeImpl);

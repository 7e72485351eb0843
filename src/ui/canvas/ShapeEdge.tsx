// An edge labelled with the shape of the tensor it carries (from the live analysis).
import { BaseEdge, EdgeLabelRenderer, getBezierPath, useStore, type EdgeProps } from '@xyflow/react';
import { memo } from 'react';
import { shapeText } from '../format';
import { compactShape, detailOf } from './lod';
import type { FlowEdge } from './flowModel';

/** A wire longer than this passes other nodes on its way: its label would sit on one of them at the wire's middle. */
const LONG_WIRE = 200;
/**
 * Where a long wire's label goes instead: the middle of the gap before its target (the templates'
 * gaps are 96 wide; targetX lies 13 px left of the node, at its handle's outer edge).
 */
const BEFORE_TARGET = 35;

function ShapeEdgeImpl(props: EdgeProps<FlowEdge>) {
  const { id, sourceX, sourceY, targetX, targetY, sourcePosition, targetPosition, data, selected } = props;
  const [path, middleX, middleY] = getBezierPath({ sourceX, sourceY, targetX, targetY, sourcePosition, targetPosition });
  // each input port has one wire, so labels beside their targets never stack
  const [labelX, labelY] = targetX - sourceX > LONG_WIRE ? [targetX - BEFORE_TARGET, targetY] : [middleX, middleY];
  const kind = data?.kind ?? 'tensor';
  const cls = `tl-edge kind-${kind}${data?.error ? ' error' : ''}${selected ? ' selected' : ''}`;
  // zoomed out, the label drops the batch axis and grows; far out it would be an unreadable speck
  // over the wire (the inspector has it)
  const detail = useStore(detailOf);
  const label = !data?.shape || detail === 'far' ? null : detail === 'mid' ? compactShape(data.shape) : shapeText(data.shape);
  return (
    <>
      <BaseEdge id={id} path={path} className={cls} interactionWidth={16} />
      {label !== null && (
        <EdgeLabelRenderer>
          <div
            className={`tl-edge-label kind-${kind}${detail === 'mid' ? ' mid' : ''}${data?.error ? ' error' : ''}${selected ? ' selected' : ''}`}
            style={{ transform: `translate(-50%, -50%) translate(${labelX}px, ${labelY}px)` }}
            data-testid={`edge-label-${id}`}
            aria-label={shapeText(data!.shape!)}
          >
            {label}
          </div>
        </EdgeLabelRenderer>
      )}
    </>
  );
}

export const ShapeEdge = memo(ShapeEdgeImpl);

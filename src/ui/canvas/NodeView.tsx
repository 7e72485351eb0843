// The one node component: everything it shows comes from the node's spec and the analysis.
import { Handle, Position, useStore, type NodeProps } from '@xyflow/react';
import { memo } from 'react';
import type { InputPortSpec, ParamSpec, PortSpec } from '../../../nodes/spec';
import { paramLabel, paramText, shapeText } from '../format';
import { badgeLabel } from './badge';
import { detailOf, faceLine, titleSize } from './lod';
import type { FlowNode } from './flowModel';
import './nodes.css';

/** How many params a node shows inline; the inspector shows them all. */
const INLINE_PARAMS = 3;

/** The tooltip's dtype line: only class ids are marked, float32 is what a port carries unless it says. */
const dtypeNote = (p: { dtype?: string }) => (p.dtype === 'int32' ? '\nint32 class ids' : p.dtype === 'any' ? '\nfloat32 or int32' : '');

function PortRow({ input, output, inShape, outShape }: {
  input: InputPortSpec | undefined;
  output: PortSpec | undefined;
  inShape: string | undefined;
  outShape: string | undefined;
}) {
  return (
    <div className="tl-port-row">
      {input && (
        <span className="tl-port tl-port-in" title={`${input.name}: ${input.doc}${inShape ? `\n${inShape}` : ''}${dtypeNote(input)}`}>
          <Handle type="target" position={Position.Left} id={input.name} className={`tl-handle kind-${input.kind} dtype-${input.dtype ?? 'float32'}`} />
          {input.name}
        </span>
      )}
      {output && (
        <span className="tl-port tl-port-out" title={`${output.name}: ${output.doc}${outShape ? `\n${outShape}` : ''}${dtypeNote(output)}`}>
          {output.name}
          <Handle type="source" position={Position.Right} id={output.name} className={`tl-handle kind-${output.kind} dtype-${output.dtype ?? 'float32'}`} />
        </span>
      )}
    </div>
  );
}

function NodeViewImpl({ data, selected }: NodeProps<FlowNode>) {
  const { node, spec, ports, inShapes, outShapes, errors, warnings } = data;
  const rows = Math.max(ports.inputs.length, ports.outputs.length);
  const params = spec ? (Object.entries(spec.params) as [string, ParamSpec][]).filter(([, p]) => p.kind !== 'bool').slice(0, INLINE_PARAMS) : [];
  const title = spec?.title ?? node.type;
  const hover = [...errors, ...warnings].join('\n\n');
  const state = errors.length ? 'error' : warnings.length ? 'warning' : 'ok';
  // zoomed out, the node shows less, larger (lod.ts)
  const detail = useStore(detailOf);
  const face = spec && detail !== 'near' ? faceLine(spec, node.params) : '';
  return (
    <div
      className={`tl-node cat-${spec?.category ?? 'unknown'} state-${state}${selected ? ' selected' : ''}${detail === 'near' ? '' : ` ${detail}`}`}
      title={hover || undefined}
      data-testid={`node-${node.id}`}
    >
      <div className="tl-node-head">
        <span className="tl-node-title" style={detail === 'near' ? undefined : { fontSize: titleSize(title, detail) }}>{title}</span>
        <span className="tl-node-name">{node.label ?? node.id}</span>
        {state !== 'ok' && <span className={`tl-node-badge ${state}`} aria-label={badgeLabel(errors.length, warnings.length)}>!</span>}
      </div>
      {rows > 0 && (
        <div className="tl-node-ports">
          {Array.from({ length: rows }, (_, i) => {
            const input = ports.inputs[i];
            const output = ports.outputs[i];
            return (
              <PortRow
                key={i}
                input={input}
                output={output}
                inShape={input && inShapes[input.name] ? shapeText(inShapes[input.name]) : undefined}
                outShape={output && outShapes?.[output.name] ? shapeText(outShapes[output.name]) : undefined}
              />
            );
          })}
        </div>
      )}
      {face && <div className="tl-node-face" data-testid={`face-${node.id}`}>{face}</div>}
      {params.length > 0 && detail === 'near' && (
        <dl className="tl-node-params">
          {params.map(([name, p]) => (
            <div key={name} className="tl-node-param">
              <dt>{paramLabel(name)}</dt>
              <dd>{paramText(p, node.params[name] ?? p.default)}</dd>
            </div>
          ))}
        </dl>
      )}
      {!spec && <div className="tl-node-unknown">unknown node type</div>}
    </div>
  );
}

export const NodeView = memo(NodeViewImpl);

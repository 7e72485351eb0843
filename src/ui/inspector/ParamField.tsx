// One param of the selected node as a form field, by the param's kind. Typed values are committed
// on Enter or blur (one history entry each); a refused value stays in the field with the reason.
import { useEffect, useState } from 'react';
import type { NodeSpec, ParamSpec } from '../../../nodes/spec';
import type { ParamValue, Params } from '../../graph/types';
import { paramLabel } from '../format';
import { acceptParam, ruleProblem, valueToText } from './paramInput';

export interface ParamFieldProps {
  name: string;
  spec: ParamSpec;
  nodeSpec: NodeSpec;
  params: Params;
  models: readonly string[];
  onCommit: (name: string, value: ParamValue) => void;
}

function TextField({ name, spec, nodeSpec, params, onCommit }: ParamFieldProps) {
  const stored = params[name] ?? spec.default;
  const storedText = valueToText(stored);
  const [draft, setDraft] = useState(storedText);
  const [reason, setReason] = useState<string | null>(null);
  useEffect(() => {
    setDraft(storedText);
    setReason(null);
  }, [storedText]);

  const commit = () => {
    if (draft === storedText) return setReason(null);
    const r = acceptParam(nodeSpec, params, name, draft);
    if (!r.ok) return setReason(r.reason);
    setReason(null);
    onCommit(name, r.value);
  };
  const numeric = spec.kind === 'int' || spec.kind === 'float';
  return (
    <>
      <input
        id={`param-${name}`}
        className="tl-input"
        type={numeric ? 'number' : 'text'}
        {...(numeric && spec.min !== undefined ? { min: spec.min } : {})}
        {...(numeric && spec.max !== undefined ? { max: spec.max } : {})}
        {...(numeric ? { step: spec.step ?? (spec.kind === 'int' ? 1 : 'any') } : {})}
        value={draft}
        placeholder={spec.kind === 'shape' ? 'e.g. 28, 28, 1' : undefined}
        onChange={(e) => setDraft(e.target.value)}
        onBlur={commit}
        onKeyDown={(e) => {
          if (e.key === 'Enter') commit();
          if (e.key === 'Escape') {
            setDraft(storedText);
            setReason(null);
          }
        }}
        aria-invalid={reason !== null}
        data-testid={`param-${name}`}
      />
      {reason && (
        <div className="tl-field-error" role="alert" data-testid={`param-error-${name}`}>
          {reason} Kept {storedText || '(empty)'}.
        </div>
      )}
    </>
  );
}

function ModelsField({ name, spec, params, models, onCommit }: ParamFieldProps) {
  const raw = params[name] ?? spec.default;
  const chosen: string[] = Array.isArray(raw) ? raw.map(String) : [];
  const all = [...models, ...chosen.filter((m) => !models.includes(m))];
  if (all.length === 0) return <div className="tl-muted">No models yet: add one in Graphs.</div>;
  return (
    <div className="tl-checks">
      {all.map((m) => (
        <label key={m} className={`tl-check${models.includes(m) ? '' : ' missing'}`}>
          <input
            type="checkbox"
            checked={chosen.includes(m)}
            onChange={(e) => onCommit(name, e.target.checked ? [...chosen, m] : chosen.filter((x) => x !== m))}
          />
          {m}
          {!models.includes(m) && ' (missing)'}
        </label>
      ))}
    </div>
  );
}

function Field(props: ParamFieldProps) {
  const { name, spec, nodeSpec, params, models, onCommit } = props;
  const value = params[name] ?? spec.default;
  switch (spec.kind) {
    case 'bool':
      return (
        <input id={`param-${name}`} type="checkbox" checked={value === true} onChange={(e) => onCommit(name, e.target.checked)} data-testid={`param-${name}`} />
      );
    case 'enum':
      return (
        <select id={`param-${name}`} className="tl-input" value={String(value)} onChange={(e) => onCommit(name, e.target.value)} data-testid={`param-${name}`}>
          {spec.options.map((o) => <option key={o} value={o}>{o}</option>)}
        </select>
      );
    case 'model': {
      const v = String(value);
      const missing = v !== '' && !models.includes(v);
      const problem = ruleProblem(nodeSpec, params, name, v);
      return (
        <>
          <select id={`param-${name}`} className="tl-input" value={v} onChange={(e) => onCommit(name, e.target.value)} data-testid={`param-${name}`}>
            {(v === '' || missing) && <option value={v}>{v === '' ? '(choose a model)' : `${v} (missing)`}</option>}
            {models.map((m) => <option key={m} value={m}>{m}</option>)}
          </select>
          {problem && <div className="tl-field-error">{problem}</div>}
        </>
      );
    }
    case 'models':
      return <ModelsField {...props} />;
    default:
      return <TextField {...props} />;
  }
}

export function ParamField(props: ParamFieldProps) {
  const { name, spec } = props;
  const range = (spec.kind === 'int' || spec.kind === 'float') && (spec.min !== undefined || spec.max !== undefined)
    ? ` Range: ${spec.min ?? '−∞'} to ${spec.max ?? '∞'}.` : '';
  return (
    <div className={`tl-field kind-${spec.kind}`}>
      <label htmlFor={`param-${name}`} className="tl-field-label" title={spec.doc + range}>
        {paramLabel(name)}
      </label>
      {/* the control says what it sets on hover too, not only its label */}
      <div className="tl-field-control" title={spec.doc + range}>
        <Field {...props} />
      </div>
    </div>
  );
}

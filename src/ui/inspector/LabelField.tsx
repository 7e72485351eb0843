// The node's display name (label); empty means "use the id". Committed on Enter or blur.
import { useEffect, useState } from 'react';
import type { GraphNode, GraphScope } from '../../graph/types';
import { setLabel } from '../../store/edits';
import { useStores } from '../context';

export function LabelField({ scope, node }: { scope: GraphScope; node: GraphNode }) {
  const stores = useStores();
  const stored = node.label ?? '';
  const [draft, setDraft] = useState(stored);
  useEffect(() => setDraft(stored), [stored, node.id]);
  const commit = () => {
    if (draft.trim() !== stored) stores.doc.apply(setLabel(scope, node.id, draft), 'Rename node');
  };
  return (
    <div className="tl-field">
      <label htmlFor="node-label" className="tl-field-label" title="A name for this node, used in messages and exported code.">name</label>
      <div className="tl-field-control">
        <input
          id="node-label"
          className="tl-input"
          value={draft}
          placeholder={node.id}
          title="A name for this node, used in messages and exported code (its id when empty)"
          onChange={(e) => setDraft(e.target.value)}
          onBlur={commit}
          onKeyDown={(e) => {
            if (e.key === 'Enter') commit();
            if (e.key === 'Escape') setDraft(stored);
          }}
          data-testid="node-label"
        />
      </div>
    </div>
  );
}

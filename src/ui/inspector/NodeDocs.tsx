// A node type's docs for learners: one-line summary, a paragraph of intuition, the paper (or the
// framework docs) it comes from.
import type { NodeSpec } from '../../../nodes/spec';

export function NodeDocs({ spec }: { spec: NodeSpec }) {
  const { summary, intuition, paper } = spec.docs;
  return (
    <section className="tl-insp-section tl-docs">
      <h3>About</h3>
      <p className="tl-summary">{summary}</p>
      <p>{intuition}</p>
      {paper && (
        <p className="tl-paper">
          <a href={paper.url} target="_blank" rel="noreferrer noopener">{paper.title}</a>
          <span className="tl-muted"> — {'authors' in paper ? `${paper.authors}, ${paper.year}` : paper.site}</span>
        </p>
      )}
    </section>
  );
}

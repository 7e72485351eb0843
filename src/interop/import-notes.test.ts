// The import notice says that a model imported with weights starts training from them when they
// were kept, and says why not otherwise.
import { describe, expect, it } from 'vitest';
import { importNotes, OPEN_AT_ONCE_NODES } from './import-notes';

const texts = (ds: { code: string; message: string }[]) => ds.map((d) => `${d.code}: ${d.message}`);

describe('importNotes', () => {
  it('weights kept: the model starts from its imported weights, and nothing says topology only', () => {
    const t = texts(importNotes('gen', 5, true, 'kept'));
    expect(t).toEqual([
      'import.imported: Model "gen" was imported with 5 nodes (with its weights). Use it in the training graph through a Model node.',
      expect.stringMatching(/^weights\.kept: Training starts model "gen" from its imported weights\./),
    ]);
    expect(t.join(' ')).not.toMatch(/topology only|fresh weights/);
  });

  it('weights not kept, or no host to keep them: fresh weights, and why', () => {
    expect(texts(importNotes('gen', 5, true, { failed: 'QuotaExceededError' }))[1]).toMatch(/^weights\.notKept: .*"gen" could not be kept in this browser \(QuotaExceededError\), so training starts it from fresh weights/);
    expect(texts(importNotes('gen', 5, true, 'no host'))).toEqual([
      expect.stringMatching(/\(topology only\)/),
      expect.stringMatching(/^import\.weightsNotUsed: /),
    ]);
  });

  it('no weights chosen: the topology alone, one note', () => {
    expect(texts(importNotes('gen', 2, false, 'kept'))).toEqual([expect.stringMatching(/\(topology only: no weights file was chosen\)/)]);
  });

  it('a model too large to draw at once: it is not opened, and the note says why and how long opening takes', () => {
    expect(texts(importNotes('big', OPEN_AT_ONCE_NODES, false, 'kept'))).toHaveLength(1);
    const t = texts(importNotes('big', 20002, false, 'kept'));
    expect(t).toHaveLength(2);
    expect(t[1]).toMatch(/^import\.notOpened: Model "big" has 20002 nodes, so it was not opened: .* about 27 s .* Open it from the Graphs panel/);
  });
});

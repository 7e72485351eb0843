import { describe, expect, it } from 'vitest';
import { TEMPLATES } from '../../templates';
import { saveDocument } from '../graph/save';
import { sampleDoc } from './fixtures';
import { readShareFragment, SHARE_PREFIX, shareFragment } from './share';

describe('share links', () => {
  it('carry a document through the URL fragment unchanged', async () => {
    const doc = sampleDoc();
    const frag = await shareFragment(doc);
    expect(frag.startsWith(SHARE_PREFIX)).toBe(true);
    expect(frag.slice(SHARE_PREFIX.length)).toMatch(/^[A-Za-z0-9_-]+$/);
    const back = await readShareFragment(frag);
    expect(back.kind).toBe('ok');
    if (back.kind === 'ok') expect(saveDocument(back.doc)).toBe(saveDocument(doc));
  });

  it('stay a few kilobytes for the biggest template', async () => {
    const biggest = TEMPLATES.map((t) => t.doc).sort((a, b) => saveDocument(b).length - saveDocument(a).length)[0]!;
    const frag = await shareFragment(biggest);
    expect(frag.length).toBeLessThan(saveDocument(biggest).length / 3);
    expect((await readShareFragment(frag)).kind).toBe('ok');
  });

  it('ignore a fragment that is not a shared graph', async () => {
    expect((await readShareFragment('')).kind).toBe('none');
    expect((await readShareFragment('#section-2')).kind).toBe('none');
  });

  it('refuse a cut-short or garbled link with a message, never a crash', async () => {
    const frag = await shareFragment(sampleDoc());
    for (const bad of [frag.slice(0, frag.length / 2), `${SHARE_PREFIX}not*base64`, SHARE_PREFIX, `${SHARE_PREFIX}AAAA`]) {
      const r = await readShareFragment(bad);
      expect(r.kind).toBe('failed');
      if (r.kind === 'failed') expect(r.diagnostics[0]?.message).toMatch(/damaged|cut short/);
    }
  });

  it('refuse a link whose graph is not a valid document, with the loader\'s diagnostics', async () => {
    const packed = new Blob([new TextEncoder().encode('{"format": "something-else"}')]).stream().pipeThrough(new CompressionStream('deflate-raw'));
    const bytes = new Uint8Array(await new Response(packed).arrayBuffer());
    const frag = SHARE_PREFIX + Buffer.from(bytes).toString('base64url');
    const r = await readShareFragment(frag);
    expect(r.kind).toBe('failed');
    if (r.kind === 'failed') expect(r.diagnostics.map((d) => d.code)).toContain('doc.format');
  });
});

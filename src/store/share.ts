// Sharing through a URL: the saved document, deflated and base64url-encoded, in the fragment
// (`#graph=...`), so it never reaches a server. Opening goes through the same loader as a file,
// so a damaged or newer link is refused with the loader's diagnostics.
import { diagnostic, type Diagnostic } from '../compiler/diagnostics';
import { loadDocument } from '../graph/load';
import { saveDocument } from '../graph/save';
import type { GraphDoc } from '../graph/types';
import { issue } from '../messages';

export const SHARE_PREFIX = '#graph=';

async function pipe(bytes: Uint8Array, stream: CompressionStream | DecompressionStream): Promise<Uint8Array> {
  const out = new Blob([bytes as BlobPart]).stream().pipeThrough(stream);
  return new Uint8Array(await new Response(out).arrayBuffer());
}

function toBase64Url(bytes: Uint8Array): string {
  let bin = '';
  for (let i = 0; i < bytes.length; i += 0x8000) bin += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(bin).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

function fromBase64Url(text: string): Uint8Array | null {
  if (!/^[A-Za-z0-9_-]*$/.test(text)) return null;
  try {
    const bin = atob(text.replace(/-/g, '+').replace(/_/g, '/'));
    return Uint8Array.from(bin, (c) => c.charCodeAt(0));
  } catch {
    return null;
  }
}

/** The URL fragment that carries `doc`. */
export async function shareFragment(doc: GraphDoc): Promise<string> {
  const packed = await pipe(new TextEncoder().encode(saveDocument(doc)), new CompressionStream('deflate-raw'));
  return SHARE_PREFIX + toBase64Url(packed);
}

export type SharedDoc = { kind: 'none' } | { kind: 'ok'; doc: GraphDoc; diagnostics: Diagnostic[] } | { kind: 'failed'; diagnostics: Diagnostic[] };

/** Reads a document out of a URL fragment; `none` when the fragment carries no graph. */
export async function readShareFragment(hash: string): Promise<SharedDoc> {
  if (!hash.startsWith(SHARE_PREFIX)) return { kind: 'none' };
  const broken = (): SharedDoc => ({ kind: 'failed', diagnostics: [diagnostic(issue('share.damaged', {}), { scope: { kind: 'main' } })] });
  const packed = fromBase64Url(hash.slice(SHARE_PREFIX.length));
  if (!packed || packed.length === 0) return broken();
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(await pipe(packed, new DecompressionStream('deflate-raw')));
  } catch {
    return broken();
  }
  const r = loadDocument(text);
  return r.ok ? { kind: 'ok', doc: r.doc, diagnostics: r.diagnostics } : { kind: 'failed', diagnostics: r.diagnostics };
}

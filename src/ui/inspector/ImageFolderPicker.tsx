// The inspector's part for an Image folder node: choose a folder (or files), read them into the
// dataset the node names (kept in IndexedDB, so a reload keeps it, and the training worker reads
// it from there), and show how many pictures were read, which files were refused and why, and a
// strip of the first pictures as the model will see them.
import { useEffect, useMemo, useRef, useState } from 'react';
import { getSpec } from '../../../nodes';
import type { GraphNode } from '../../graph/types';
import { issue, renderIssue } from '../../messages';
import { decodeDataset } from '../../runtime/datasets/format';
import { readPickedFiles } from '../../runtime/datasets/image-decode-browser';
import { shapeText, type ImageChannels, type ImageFolderKey, type RefusedFile } from '../../runtime/datasets/image-folder';
import { loadFolder, saveFolder, storedFolder, type StoredFolder } from '../../runtime/datasets/image-store';
import { valuesOf } from '../specs';
import './inspector.css';

const THUMBS = 12;

/** The first pictures of a stored folder, drawn 1:1 into small canvases (CSS scales them up). */
function Thumbnails({ stored }: { stored: StoredFolder }) {
  const ds = useMemo(() => decodeDataset(stored.name, stored.bytes), [stored]);
  const [size, , channels] = ds.shape;
  const draw = (i: number) => (canvas: HTMLCanvasElement | null) => {
    const ctx = canvas?.getContext('2d');
    if (!ctx) return;
    const img = ctx.createImageData(size, size);
    const src = ds.pixels.subarray(i * size * size * channels, (i + 1) * size * size * channels);
    for (let p = 0; p < size * size; p++) {
      for (let k = 0; k < 3; k++) img.data[p * 4 + k] = src[p * channels + (channels === 3 ? k : 0)]!;
      img.data[p * 4 + 3] = 255;
    }
    ctx.putImageData(img, 0, 0);
  };
  return (
    <div className="tl-images-thumbs" data-testid="images-thumbs">
      {Array.from({ length: Math.min(THUMBS, ds.count) }, (_, i) => <canvas key={i} width={size} height={size} ref={draw(i)} />)}
      {ds.count > THUMBS && <span className="tl-muted">+{ds.count - THUMBS}</span>}
    </div>
  );
}

function RefusedList({ refused }: { refused: readonly RefusedFile[] }) {
  if (!refused.length) return null;
  return (
    <details className="tl-images-refused" open={refused.length <= 5}>
      <summary>{refused.length} file{refused.length === 1 ? '' : 's'} refused</summary>
      <ul data-testid="images-refused">
        {refused.map((f) => <li key={f.file} title={f.file}>{renderIssue(f.issue)}</li>)}
      </ul>
    </details>
  );
}

/** The picker for an Image folder node, or nothing for any other node. */
export function ImageFolderSection({ node }: { node: GraphNode }) {
  const spec = getSpec(node.type);
  if (spec?.type !== 'data.images') return null;
  const p = valuesOf(spec, node);
  return <ImageFolderPicker name={String(p['dataset']).trim()} size={Number(p['size'])} channels={p['color'] === 'grayscale' ? 1 : 3} />;
}

function ImageFolderPicker({ name, size, channels }: { name: string; size: number; channels: ImageChannels }) {
  const [stored, setStored] = useState<StoredFolder | null | undefined>(undefined);
  const [progress, setProgress] = useState<string | null>(null);
  const [failed, setFailed] = useState<{ message: string; refused: RefusedFile[] } | null>(null);
  const folderInput = useRef<HTMLInputElement>(null);
  const filesInput = useRef<HTMLInputElement>(null);
  const key: ImageFolderKey = { name, size, channels };

  useEffect(() => {
    folderInput.current?.setAttribute('webkitdirectory', '');
  }, []);
  useEffect(() => {
    let live = true;
    setStored(undefined);
    setFailed(null);
    if (name) loadFolder(name).then((s) => live && setStored(s), (e: unknown) => live && setFailed({ message: String(e), refused: [] }));
    return () => {
      live = false;
    };
  }, [name]);

  const choose = async (list: FileList | null) => {
    const files = [...(list ?? [])];
    if (!files.length || !name) return;
    setFailed(null);
    setProgress(`Reading 0 / ${files.length}…`);
    try {
      const r = await readPickedFiles(files, key, (done, total) => setProgress(`Reading ${done} / ${total}…`));
      if (!r.dataset) {
        setFailed({ message: renderIssue(issue('images.noneRead', { name, files: r.files })), refused: r.refused });
        return;
      }
      const s = storedFolder(r.dataset, r.files, r.refused, Date.now());
      await saveFolder(s);
      setStored(s);
    } catch (e) {
      setFailed({ message: e instanceof Error ? e.message : String(e), refused: [] });
    } finally {
      setProgress(null);
    }
  };

  const fits = stored && stored.size === size && stored.channels === channels;
  return (
    <section className="tl-insp-section tl-images" data-testid="images-picker">
      <h3>Pictures</h3>
      <div className="tl-images-buttons">
        <button className="tl-btn" disabled={!name || progress !== null} onClick={() => folderInput.current?.click()} data-testid="images-choose-folder"
          title="Read every picture in a folder (and its subfolders); they stay in this browser">Choose folder…</button>
        <button className="tl-btn" disabled={!name || progress !== null} onClick={() => filesInput.current?.click()} data-testid="images-choose-files"
          title="Read the chosen picture files">Choose files…</button>
        <input ref={folderInput} type="file" multiple hidden data-testid="images-folder-input"
          onChange={(e) => { const f = e.target.files; void choose(f).then(() => (e.target.value = '')); }} />
        <input ref={filesInput} type="file" multiple hidden accept="image/*" data-testid="images-files-input"
          onChange={(e) => { const f = e.target.files; void choose(f).then(() => (e.target.value = '')); }} />
      </div>
      <div className="tl-images-status" data-testid="images-status" aria-live="polite">
        {progress ?? (stored === undefined ? null
          : !stored ? <span className="tl-muted">{renderIssue(issue('images.notChosen', { name }))}</span>
          : fits ? <span>{stored.count} image{stored.count === 1 ? '' : 's'} read from {stored.files} file{stored.files === 1 ? '' : 's'}, at {shapeText(stored.size, stored.channels)}.</span>
          : <span className="tl-field-error">{renderIssue(issue('images.sizeChanged', { name, stored: shapeText(stored.size, stored.channels), wanted: shapeText(size, channels) }))}</span>)}
      </div>
      {failed && <div className="tl-field-error" role="alert" data-testid="images-error">{failed.message}</div>}
      <RefusedList refused={failed ? failed.refused : (stored?.refused ?? [])} />
      {stored && fits && !failed && <Thumbnails stored={stored} />}
    </section>
  );
}

// Decodes picked files in the browser (page or worker): createImageBitmap reads PNG, JPEG, GIF,
// WebP and BMP, and an OffscreenCanvas gives back the pixels. A large picture is first cropped to
// its centred square and reduced by the browser to 4 × the target size, so that a folder of
// photos does not hold megapixels in memory; image-resize.ts then averages it down exactly.
import { issue } from '../../messages';
import { buildFolderDataset, refuseBytes, type DecodedFile, type FolderDataset, type ImageFolderKey } from './image-folder';
import { centreSquare } from './image-resize';

const message = (e: unknown) => (e instanceof Error ? e.message || e.name : String(e));

/**
 * The name a picked file goes by: its path inside the chosen folder (webkitRelativePath starts
 * with the folder's own name, which every file shares), else its own name.
 */
export const pickedName = (f: File): string => f.webkitRelativePath.replace(/^[^/]*\//, '') || f.name;

/** How much of the file the format check needs. */
const HEAD_BYTES = 16;

export async function decodeFileBrowser(f: File, size: number): Promise<DecodedFile> {
  const file = pickedName(f);
  let head: Uint8Array;
  try {
    head = new Uint8Array(await f.slice(0, HEAD_BYTES).arrayBuffer());
  } catch (e) {
    return { file, issue: issue('images.unreadable', { file, detail: message(e) }) };
  }
  const refused = refuseBytes(file, head);
  if (refused) return refused;
  let bitmap: ImageBitmap;
  try {
    bitmap = await createImageBitmap(f);
  } catch (e) {
    return { file, issue: issue('images.undecodable', { file, detail: message(e) }) };
  }
  try {
    if (bitmap.width < 1 || bitmap.height < 1) return { file, image: { width: bitmap.width, height: bitmap.height, rgba: new Uint8Array(0) } };
    const { x, y, side } = centreSquare(bitmap.width, bitmap.height);
    const target = Math.min(side, 4 * size);
    const canvas = new OffscreenCanvas(target, target);
    const ctx = canvas.getContext('2d', { willReadFrequently: true });
    if (!ctx) throw new Error('no 2-D canvas');
    ctx.imageSmoothingQuality = 'high';
    ctx.drawImage(bitmap, x, y, side, side, 0, 0, target, target);
    const data = ctx.getImageData(0, 0, target, target).data;
    return { file, image: { width: target, height: target, rgba: data } };
  } catch (e) {
    return { file, issue: issue('images.undecodable', { file, detail: message(e) }) };
  } finally {
    bitmap.close();
  }
}

/** Hidden files (.DS_Store, files in .git/) are not pictures anyone meant to pick. */
export const isHidden = (name: string): boolean => name.split('/').some((part) => part.startsWith('.'));

/**
 * Decodes picked files one after another (progress after each) and assembles the dataset; hidden
 * files are left out without a word. `files` counts the files looked at.
 */
export async function readPickedFiles(
  picked: readonly File[], key: ImageFolderKey, onProgress?: (done: number, total: number) => void,
): Promise<FolderDataset & { files: number }> {
  const files = picked.filter((f) => !isHidden(pickedName(f)));
  const decoded: DecodedFile[] = [];
  for (const f of files) {
    decoded.push(await decodeFileBrowser(f, key.size));
    onProgress?.(decoded.length, files.length);
  }
  return { ...buildFolderDataset(key.name, decoded, key.size, key.channels), files: files.length };
}

// Reads a folder of pictures in Node (the CLI, tests): PNG decoded with pngjs; other picture
// formats are refused with a message saying to convert them (Node has no built-in decoder).
import { readdir, readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { PNG } from 'pngjs';
import { issue } from '../../messages';
import { TensorloomError } from '../errors';
import { buildFolderDataset, refuseBytes, sniffImage, type DecodedFile, type FolderDataset, type ImageFolderKey } from './image-folder';

const FORMAT_NAMES = { jpeg: 'JPEG', gif: 'GIF', webp: 'WebP', bmp: 'BMP' } as const;

const message = (e: unknown) => (e instanceof Error ? e.message : String(e));

/** Decodes one file's bytes; `file` is the name the messages use. */
export function decodeFileNode(file: string, bytes: Uint8Array): DecodedFile {
  const refused = refuseBytes(file, bytes);
  if (refused) return refused;
  const format = sniffImage(bytes)!;
  if (format !== 'png') return { file, issue: issue('images.formatInNode', { file, format: FORMAT_NAMES[format] }) };
  try {
    const png = PNG.sync.read(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength));
    return { file, image: { width: png.width, height: png.height, rgba: png.data } };
  } catch (e) {
    return { file, issue: issue('images.undecodable', { file, detail: message(e) }) };
  }
}

/** Every file under `dir` (subfolders too), as paths relative to it; hidden files left out. */
async function listFiles(dir: string, sub = ''): Promise<string[]> {
  const entries = await readdir(path.join(dir, sub), { withFileTypes: true });
  const out: string[] = [];
  for (const e of entries) {
    if (e.name.startsWith('.')) continue;
    const rel = sub ? `${sub}/${e.name}` : e.name;
    if (e.isDirectory()) out.push(...(await listFiles(dir, rel)));
    else out.push(rel);
  }
  return out;
}

/** Reads and decodes a folder into a dataset of the key's size; a missing folder is a coded error. */
export async function readImageFolder(dir: string, key: ImageFolderKey): Promise<FolderDataset & { files: number }> {
  try {
    if (!(await stat(dir)).isDirectory()) throw new Error('not a folder');
  } catch {
    throw new TensorloomError(issue('images.folderMissing', { name: key.name, folder: dir }));
  }
  const names = await listFiles(dir);
  const decoded: DecodedFile[] = [];
  for (const file of names) {
    try {
      decoded.push(decodeFileNode(file, await readFile(path.join(dir, file))));
    } catch (e) {
      decoded.push({ file, issue: issue('images.unreadable', { file, detail: message(e) }) });
    }
  }
  return { ...buildFolderDataset(key.name, decoded, key.size, key.channels), files: names.length };
}

// Where the command line finds datasets: the built files under --data DIR, and the picture
// folders that Image folder nodes name, given as --images NAME=FOLDER.
import type { Dataset } from '../../nodes/spec';
import { issue, renderIssue, type Issue } from '../messages';
import { TensorloomError } from '../runtime/errors';
import { readImageFolder } from '../runtime/datasets/image-decode-node';
import { parseImageFolderKey, shapeText } from '../runtime/datasets/image-folder';
import { loadDataset } from '../runtime/datasets/node';

/** --images values → folder by dataset name; a malformed value gives its coded problem. */
export function parseImagesOption(values: readonly string[]): { folders: Record<string, string> } | { problem: Issue } {
  const folders: Record<string, string> = {};
  for (const value of values) {
    const at = value.indexOf('=');
    const name = value.slice(0, at).trim();
    const folder = value.slice(at + 1).trim();
    if (at < 0 || !name || !folder) return { problem: issue('images.badOption', { value }) };
    folders[name] = folder;
  }
  return { folders };
}

/** The loader a session uses: picture folders by name, everything else from `dataDir`. */
export function cliDatasetLoader(dataDir: string | undefined, folders: Record<string, string>, log: (line: string) => void) {
  return async (key: string): Promise<Dataset> => {
    const wanted = parseImageFolderKey(key);
    if (!wanted) return loadDataset(key, dataDir);
    const dir = folders[wanted.name];
    if (dir === undefined) throw new TensorloomError(issue('images.noFolder', { name: wanted.name }));
    const r = await readImageFolder(dir, wanted);
    for (const f of r.refused) log(`warning: ${renderIssue(f.issue)}`);
    if (!r.dataset) throw new TensorloomError(issue('images.noneRead', { name: wanted.name, files: r.files }));
    log(`images "${wanted.name}": ${r.dataset.count} read from ${dir} at ${shapeText(wanted.size, wanted.channels)}${r.refused.length ? `, ${r.refused.length} refused` : ''}`);
    return { ...r.dataset, name: key };
  };
}

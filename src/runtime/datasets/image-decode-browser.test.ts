// The browser decoder itself (createImageBitmap, OffscreenCanvas) runs in test/e2e/image-folder.test.ts;
// here: how picked files are named and which are skipped.
import { describe, expect, it } from 'vitest';
import { isHidden, pickedName } from './image-decode-browser';

const picked = (name: string, relative: string) => {
  const f = new File(['x'], name);
  Object.defineProperty(f, 'webkitRelativePath', { value: relative });
  return f;
};

describe('picked files', () => {
  it('go by their path inside the chosen folder, or by their name when picked one by one', () => {
    expect(pickedName(picked('a.png', 'holiday/a.png'))).toBe('a.png');
    expect(pickedName(picked('b.png', 'holiday/beach/b.png'))).toBe('beach/b.png');
    expect(pickedName(picked('c.png', ''))).toBe('c.png');
  });

  it('hidden files and folders are skipped', () => {
    expect(isHidden('.DS_Store')).toBe(true);
    expect(isHidden('.git/objects/x')).toBe(true);
    expect(isHidden('cats/tabby.png')).toBe(false);
  });
});

import { describe, expect, it } from 'vitest';
import { codeView, isCodeViewShortcut } from './openState';

const key = (key: string, mods: Partial<Record<'ctrlKey' | 'metaKey' | 'shiftKey' | 'altKey', boolean>> = {}) =>
  ({ key, ctrlKey: false, metaKey: false, shiftKey: false, altKey: false, ...mods });

describe('code view open state', () => {
  it('knows its shortcut: Ctrl+E or Cmd+E, nothing else', () => {
    expect(isCodeViewShortcut(key('e', { ctrlKey: true }))).toBe(true);
    expect(isCodeViewShortcut(key('E', { metaKey: true }))).toBe(true);
    expect(isCodeViewShortcut(key('e'))).toBe(false);
    expect(isCodeViewShortcut(key('e', { ctrlKey: true, shiftKey: true }))).toBe(false);
    expect(isCodeViewShortcut(key('e', { ctrlKey: true, altKey: true }))).toBe(false);
    expect(isCodeViewShortcut(key('d', { ctrlKey: true }))).toBe(false);
  });

  it('toggles and tells its listeners once per change', () => {
    const seen: boolean[] = [];
    const off = codeView.subscribe(() => seen.push(codeView.isOpen()));
    const before = codeView.isOpen();
    codeView.toggle();
    codeView.setOpen(!before);
    codeView.setOpen(before);
    off();
    codeView.toggle();
    expect(seen).toEqual([!before, before]);
    codeView.setOpen(before);
  });
});

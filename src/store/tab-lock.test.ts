// The autosave lock: the first tab holds it at once; a tab that finds it held waits out a short
// grace (a reloading page's old document), then says so, and is told when it holds it.
import { describe, expect, it } from 'vitest';
import { thisTab, webTabLock } from './tab-lock';

/** A LockManager of one exclusive lock, granting waiters in order. */
function fakeLocks() {
  let held = false;
  const queue: (() => void)[] = [];
  const releaseNext = () => {
    const next = queue.shift();
    if (next) next();
    else held = false;
  };
  let releaseHolder = (): void => undefined;
  const request = (_name: string, cb: () => Promise<unknown>) => {
    const grant = () => {
      held = true;
      releaseHolder = releaseNext;
      void cb();
    };
    if (!held) grant();
    else queue.push(grant);
    return Promise.resolve();
  };
  return { locks: { request } as unknown as LockManager, release: () => releaseHolder() };
}

describe('webTabLock', () => {
  it('the first tab holds it at once; the second waits, says so, and takes it when the first goes', async () => {
    const { locks, release } = fakeLocks();
    expect(await webTabLock(locks, 'l', 20).acquire(() => undefined)).toBe(true);
    let heldLater = false;
    expect(await webTabLock(locks, 'l', 20).acquire(() => (heldLater = true))).toBe(false);
    expect(heldLater).toBe(false);
    release();
    expect(heldLater).toBe(true);
  });

  it('a lock let go within the grace (a reload) counts as held now, not as another tab', async () => {
    const { locks, release } = fakeLocks();
    await webTabLock(locks, 'l', 20).acquire(() => undefined);
    let told = false;
    const second = webTabLock(locks, 'l', 200).acquire(() => (told = true));
    setTimeout(release, 10);
    expect(await second).toBe(true);
    expect(told).toBe(false);
  });
});

/** A LockManager of many named exclusive locks that are never let go (pages that stay open). */
function namedLocks() {
  const held = new Set<string>();
  const request = (name: string, cb: () => Promise<unknown>) => {
    if (!held.has(name)) {
      held.add(name);
      void cb();
    }
    return Promise.resolve();
  };
  const query = () => Promise.resolve({ held: [...held].map((name) => ({ name })) });
  return { request, query } as unknown as LockManager;
}

const sessionOf = () => {
  const m = new Map<string, string>();
  return { getItem: (k: string) => m.get(k) ?? null, setItem: (k: string, v: string) => void m.set(k, v) };
};

describe('thisTab', () => {
  it('keeps its id over a reload, and other tabs see it open', async () => {
    const locks = namedLocks();
    const session = sessionOf();
    const ids = ['a', 'b'];
    const first = await thisTab(locks, session, () => ids.shift()!, 10);
    expect(first.id).toBe('a');
    expect(session.getItem('tensorloom.tab')).toBe('a');
    const other = await thisTab(locks, sessionOf(), () => ids.shift()!, 10);
    expect(other.id).toBe('b');
    expect(await other.alive('a')).toBe(true);
    expect(await other.alive('gone')).toBe(false);
  });

  it('a duplicated tab (a copy of the first one\'s sessionStorage) takes a fresh id', async () => {
    const locks = namedLocks();
    const session = sessionOf();
    const ids = ['a', 'b'];
    await thisTab(locks, session, () => ids.shift()!, 10);
    const copy = sessionOf();
    copy.setItem('tensorloom.tab', 'a');
    const duplicate = await thisTab(locks, copy, () => ids.shift()!, 10);
    expect(duplicate.id).toBe('b');
    expect(copy.getItem('tensorloom.tab')).toBe('b');
  });
});

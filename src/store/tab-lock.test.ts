// The autosave lock: the first tab holds it at once; a tab that finds it held waits out a short
// grace (a reloading page's old document), then says so, and is told when it holds it.
import { describe, expect, it } from 'vitest';
import { webTabLock } from './tab-lock';

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

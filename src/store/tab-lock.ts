// One tab at a time keeps the autosave, so two tabs never overwrite each other's work: the first
// holds a Web Lock for its lifetime; a later tab waits for it (the lock is let go when the holder
// closes or reloads) and autosaves only from then on.
export interface TabLock {
  /** Resolves true when this tab holds the autosave now; else false, and `onHeld` runs once it does. */
  acquire(onHeld: () => void): Promise<boolean>;
}

export const AUTOSAVE_LOCK = 'tensorloom-autosave';

/**
 * How long a tab waits for the lock before it says another tab has it: a reloading page's old
 * document may still hold it for a moment, and that is no other tab.
 */
const GRACE_MS = 400;

/** Held until the page goes: a lock callback that never settles keeps its lock. */
const forever = () => new Promise<never>(() => {});

export function webTabLock(locks: LockManager, name = AUTOSAVE_LOCK, graceMs = GRACE_MS): TabLock {
  return {
    acquire: (onHeld) =>
      new Promise<boolean>((answer, fail) => {
        let answered = false;
        const timer = setTimeout(() => {
          answered = true;
          answer(false);
        }, graceMs);
        locks.request(name, () => {
          clearTimeout(timer);
          if (answered) onHeld();
          else answer(true);
          answered = true;
          return forever();
        }).catch(fail);
      }),
  };
}

const TAB_ID_KEY = 'tensorloom.tab';
const tabLockName = (id: string) => `tensorloom-tab-${id}`;

/**
 * This tab's identity: an id kept in sessionStorage (so a reload of the tab keeps it), with a Web
 * Lock held under it for the tab's lifetime, which is how other tabs see that it is still open. A
 * duplicated tab starts with a copy of the sessionStorage, so an id whose lock stays held by
 * another page gets replaced by a fresh one.
 */
export async function thisTab(
  locks: LockManager,
  session: Pick<Storage, 'getItem' | 'setItem'>,
  newId: () => string = () => crypto.randomUUID(),
  graceMs = GRACE_MS,
) {
  let id = session.getItem(TAB_ID_KEY) ?? newId();
  if (!(await webTabLock(locks, tabLockName(id), graceMs).acquire(() => {}))) {
    id = newId();
    await webTabLock(locks, tabLockName(id), graceMs).acquire(() => {});
  }
  session.setItem(TAB_ID_KEY, id);
  return {
    id,
    alive: async (other: string) => ((await locks.query()).held ?? []).some((l) => l.name === tabLockName(other)),
  };
}

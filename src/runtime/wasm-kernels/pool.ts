// The threads the GEMM engine runs on: each a worker (Node worker_threads, or a Web Worker in the
// browser's training worker) with its own instance of the kernels in the same shared memory. The
// calling thread writes a job into memory, bumps a generation counter and wakes them; every thread
// runs `run(job, t, T)` on its share and counts itself done; the caller waits for the count.
// Control words (Int32, in tfjs's memory): [generation, done, job, threads, ready, failed]. A
// thread whose share traps still counts itself done and marks the job failed: the caller throws.

/** The loop each pool thread runs (plain source text, so that bundling cannot change it). */
const LOOP = `
function loop(m) {
  WebAssembly.instantiate(m.module, { env: { memory: m.memory } }).then((instance) => {
    const c = new Int32Array(m.memory.buffer, m.control, 6);
    let seen = Atomics.load(c, 0);
    Atomics.add(c, 4, 1);
    for (;;) {
      Atomics.wait(c, 0, seen);
      seen = Atomics.load(c, 0);
      if (seen < 0) return;
      try {
        instance.exports.run(Atomics.load(c, 2), m.thread, Atomics.load(c, 3));
      } catch (e) {
        Atomics.store(c, 5, 1);
      }
      Atomics.add(c, 1, 1);
      Atomics.notify(c, 1);
    }
  });
}`;

type Wait = (c: Int32Array, index: number, value: number, timeout: number) => ReturnType<typeof Atomics.wait>;

/** How long one wait for the threads lasts; a thread is given up on after two of them in silence. */
export const THREAD_WAIT_MS = 60_000;

/**
 * Waits until `others` threads have counted themselves done (control word 1). A wait that times
 * out is not yet a dead thread: a process suspended for longer than the wait (a laptop asleep, a
 * stopped job) wakes with its timers expired and its threads a few microseconds from done, so only
 * a second wait without any progress throws.
 */
export function awaitThreads(c: Int32Array, others: number, wait: Wait = Atomics.wait, timeout = THREAD_WAIT_MS): void {
  let silent = 0;
  for (let done = Atomics.load(c, 1); done < others; ) {
    const timedOut = wait(c, 1, done, timeout) === 'timed-out';
    const now = Atomics.load(c, 1);
    silent = timedOut && now === done ? silent + 1 : 0;
    if (silent >= 2) throw new Error('a kernel thread stopped answering');
    done = now;
  }
}

export interface Pool {
  /** threads that run a job, the caller's included */
  readonly threads: number;
  /** runs the job at `job` on every thread; returns when all are done */
  run(job: number): void;
}

interface Started {
  module: WebAssembly.Module;
  memory: WebAssembly.Memory;
  /** a 24-byte block of the memory, kept for the pool's life (unused by a pool of one) */
  control: number;
  threads: number;
  /** the calling thread's instance's entry */
  run: (job: number, t: number, threads: number) => void;
}

type Spawn = (message: { module: WebAssembly.Module; memory: WebAssembly.Memory; control: number; thread: number }) => void;

async function spawner(): Promise<Spawn> {
  const nodeProcess = (globalThis as { process?: { versions?: { node?: string } } }).process;
  if (nodeProcess?.versions?.node) {
    const { Worker } = await import('node:worker_threads');
    return (message) => {
      const w = new Worker(`const { parentPort } = require('node:worker_threads'); parentPort.once('message', loop);${LOOP}`, { eval: true });
      w.postMessage(message);
      // the threads wait on the caller's work; they must not keep a process alive
      w.unref();
    };
  }
  const url = URL.createObjectURL(new Blob([`self.onmessage = (e) => loop(e.data);${LOOP}`], { type: 'text/javascript' }));
  return (message) => new Worker(url).postMessage(message);
}

/** Starts threads - 1 workers beside the caller; a pool of one runs jobs on the caller alone. */
export async function startPool(s: Started): Promise<Pool> {
  if (s.threads === 1) return { threads: 1, run: (job) => s.run(job, 0, 1) };
  const c = new Int32Array(s.memory.buffer, s.control, 6);
  c.fill(0);
  {
    const spawn = await spawner();
    for (let t = 1; t < s.threads; t++) spawn({ module: s.module, memory: s.memory, control: s.control, thread: t });
    // every thread waits for its first job before the pool takes one
    const deadline = Date.now() + 30_000;
    while (Atomics.load(c, 4) < s.threads - 1) {
      if (Date.now() > deadline) throw new Error('the kernel threads did not start');
      await new Promise((r) => setTimeout(r, 2));
    }
  }
  return {
    threads: s.threads,
    run(job) {
      Atomics.store(c, 2, job);
      Atomics.store(c, 3, s.threads);
      Atomics.store(c, 1, 0);
      Atomics.store(c, 5, 0);
      Atomics.add(c, 0, 1);
      Atomics.notify(c, 0);
      let mine: unknown = null;
      try {
        s.run(job, 0, s.threads);
      } catch (e) {
        mine = e;
      }
      awaitThreads(c, s.threads - 1);
      if (mine) throw mine;
      if (Atomics.load(c, 5)) throw new Error('a kernel thread failed (out of bounds in the GEMM engine)');
    },
  };
}

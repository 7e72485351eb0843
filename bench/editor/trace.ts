// Main-thread CPU time per edit, read from a Chromium trace. Wall-clock times on a shared machine
// grow with its load; the CPU time the renderer's main thread spends does not (much), so the
// benchmark reports both.
import type { CDPSession } from 'playwright-core';

interface TraceEvent {
  name: string;
  ph: string;
  pid: number;
  tid: number;
  /** µs */
  ts: number;
  dur?: number;
  /** thread (CPU) time, µs */
  tdur?: number;
  args?: { name?: string; data?: { type?: string } };
}

export async function startTrace(cdp: CDPSession): Promise<() => Promise<TraceEvent[]>> {
  const events: TraceEvent[] = [];
  cdp.on('Tracing.dataCollected', (e) => events.push(...(e.value as unknown as TraceEvent[])));
  await cdp.send('Tracing.start', {
    traceConfig: { includedCategories: ['devtools.timeline', 'disabled-by-default-devtools.timeline', 'toplevel'], recordMode: 'recordAsMuchAsPossible' },
    transferMode: 'ReportEvents',
  });
  return async () => {
    const done = new Promise((resolve) => cdp.once('Tracing.tracingComplete', resolve));
    await cdp.send('Tracing.end');
    await done;
    return events;
  };
}

export interface EditCpu {
  /** CPU time of the task that handled the keydown: store, analysis, React render and commit */
  work: number;
  /** CPU time of every main-thread task from that one to the end of the next paint */
  toPaint: number;
}

/** Per keydown on the page's main thread: CPU milliseconds, as above. */
export function cpuPerKeydown(events: readonly TraceEvent[]): EditCpu[] {
  const main = events.find((e) => e.name === 'thread_name' && e.args?.name === 'CrRendererMain');
  if (!main) return [];
  const on = events.filter((e) => e.pid === main.pid && e.tid === main.tid && e.ph === 'X');
  const tasks = on.filter((e) => e.name === 'ThreadControllerImpl::RunTask').sort((a, b) => a.ts - b.ts);
  const paints = on.filter((e) => e.name === 'Paint').sort((a, b) => a.ts - b.ts);
  const end = (e: TraceEvent) => e.ts + (e.dur ?? 0);
  const out: EditCpu[] = [];
  for (const kd of on.filter((e) => e.name === 'EventDispatch' && e.args?.data?.type === 'keydown')) {
    const task = tasks.find((t) => t.ts <= kd.ts && end(t) >= end(kd));
    const paint = paints.find((p) => p.ts >= end(kd));
    if (!task || !paint) continue;
    const span = tasks.filter((t) => t.ts >= task.ts && t.ts <= paint.ts);
    out.push({ work: (task.tdur ?? 0) / 1000, toPaint: span.reduce((s, t) => s + (t.tdur ?? 0), 0) / 1000 });
  }
  return out;
}

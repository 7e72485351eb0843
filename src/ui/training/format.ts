// Short forms of durations, sizes and rates for the dashboard.
import type { BatchInfo } from '../../runtime/worker/protocol';

/** 42 s, 3 min 05 s, 2 h 07 min; '—' when unknown. */
export function durationText(seconds: number | null): string {
  if (seconds === null || !Number.isFinite(seconds) || seconds < 0) return '—';
  const s = Math.round(seconds);
  if (s < 60) return `${s} s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m} min ${String(s % 60).padStart(2, '0')} s`;
  return `${Math.floor(m / 60)} h ${String(m % 60).padStart(2, '0')} min`;
}

/** 812 B, 4.2 KB, 13 MB, 1.1 GB (powers of 1024). */
export function bytesText(n: number): string {
  const units = ['B', 'KB', 'MB', 'GB', 'TB'];
  let v = n;
  let u = 0;
  while (v >= 1024 && u < units.length - 1) {
    v /= 1024;
    u++;
  }
  return `${u === 0 || v >= 10 ? Math.round(v) : v.toFixed(1)} ${units[u]}`;
}

/** 0.42 it/s, 7.3 it/s, 128 it/s */
export function rateText(itPerSec: number | null): string {
  if (itPerSec === null || !Number.isFinite(itPerSec)) return '— it/s';
  return `${itPerSec >= 100 ? Math.round(itPerSec) : itPerSec >= 1 ? itPerSec.toFixed(1) : itPerSec.toFixed(2)} it/s`;
}

/** A time of day for "saved at", e.g. 14:03:27. */
export function clockText(ms: number): string {
  return new Date(ms).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit', second: '2-digit', hour12: false });
}

/** A learning rate as typed: 0.0002, 2e-4; null when it is not a number in [min, max]. */
export function parseRate(text: string, min: number, max: number): number | null {
  const t = text.trim();
  if (!/^[+]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i.test(t)) return null;
  const v = Number(t);
  return Number.isFinite(v) && v >= min && v <= max ? v : null;
}

/** A learning rate as shown: 0.001, 0.0002, 1e-5, 0.5 (no float noise such as 0.00030000000000000003). */
export function rateValueText(v: number): string {
  if (v !== 0 && Math.abs(v) < 1e-4) return v.toExponential().replace(/\.?0+e/, 'e');
  return String(Number(v.toPrecision(6)));
}

/** Samples per second: iterations per second × the batch size; null when either is unknown. */
export function samplesPerSecond(itPerSec: number | null, batch: BatchInfo | null): number | null {
  if (itPerSec === null || !Number.isFinite(itPerSec) || !batch) return null;
  return itPerSec * batch.size;
}

/** 0.85 img/s, 42 img/s, 1,280 img/s (samples/s when the data are not images); '' when unknown. */
export function throughputText(itPerSec: number | null, batch: BatchInfo | null): string {
  const v = samplesPerSecond(itPerSec, batch);
  if (v === null || !batch) return '';
  const n = v >= 100 ? Math.round(v).toLocaleString('en-US') : v >= 1 ? v.toFixed(1) : v.toFixed(2);
  return `${n} ${batch.images ? 'img/s' : 'samples/s'}`;
}

/** The tooltip that says where the batch size comes from. */
export function throughputTitle(batch: BatchInfo | null): string {
  if (!batch) return '';
  const what = batch.images ? 'Images' : 'Samples';
  const one = batch.sources[0]!;
  if (batch.sources.length === 1) return `${what} per second: iterations per second × batch size ${batch.size} (data node "${one.node}")`;
  const all = batch.sources.map((s) => `"${s.node}" ${s.size}`).join(', ');
  return `${what} per second: iterations per second × batch size ${batch.size}, the largest of the ${batch.sources.length} data nodes that feed training (${all})`;
}

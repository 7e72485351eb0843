// Benchmark output: markdown tables headed by the device, the date and the command.
import { readFileSync } from 'node:fs';
import os from 'node:os';

export function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}

/**
 * The widest vector instructions of the CPU, from the flags in /proc/cpuinfo ('' elsewhere): one
 * model name covers CPUs with and without AVX-512, and native code such as PyTorch's uses the widest.
 */
export function vectorWidth(cpuinfo: string): string {
  const flags = new Set(/^flags\s*:(.*)$/m.exec(cpuinfo)?.[1]?.trim().split(/\s+/) ?? []);
  return flags.has('avx512f') ? 'AVX-512' : flags.has('avx2') ? 'AVX2' : '';
}

/** This machine's widest vector instructions, '' where it cannot tell. */
function cpuVectors(): string {
  try {
    return vectorWidth(readFileSync('/proc/cpuinfo', 'utf8'));
  } catch {
    return '';
  }
}

export function deviceLine(extra = ''): string {
  const cpu = os.cpus()[0]?.model ?? 'unknown CPU';
  const vectors = cpuVectors();
  return `${os.cpus().length}× ${cpu.trim()}${vectors ? ` (${vectors})` : ''}, ${Math.round(os.totalmem() / 2 ** 30)} GiB, Node ${process.version}${extra ? `, ${extra}` : ''}`;
}

export function table(title: string, header: string[], rows: (string | number)[][], meta: { device: string; command: string }): string {
  const line = (cells: (string | number)[]) => `| ${cells.join(' | ')} |`;
  return [
    `### ${title}`,
    '',
    `device: ${meta.device}  `,
    `date: ${new Date().toISOString().slice(0, 10)}  `,
    `command: \`${meta.command}\``,
    '',
    line(header),
    line(header.map(() => '---')),
    ...rows.map(line),
    '',
  ].join('\n');
}

/** Software adapters and the CPU: where the benchmarks choose their quick settings. */
export function isSlowDevice(backend: 'webgpu' | 'wasm' | 'cpu', device: string): boolean {
  return backend === 'cpu' || /swiftshader/i.test(device);
}

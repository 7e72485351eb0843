// Benchmark output: markdown tables headed by the device, the date and the command.
import os from 'node:os';

export function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}

export function deviceLine(extra = ''): string {
  const cpu = os.cpus()[0]?.model ?? 'unknown CPU';
  return `${os.cpus().length}× ${cpu.trim()}, ${Math.round(os.totalmem() / 2 ** 30)} GiB, Node ${process.version}${extra ? `, ${extra}` : ''}`;
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

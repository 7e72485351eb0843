// Draws loss curves from metrics.jsonl files (a quality run's --work directory, the CLI's train, or a
// PyTorch twin's --metrics) into one SVG chart.
//
//   npx tsx bench/quality/plot.ts --title "MLP VAE: training loss" --smooth 50 --out docs/quality/vae-mlp-loss.svg \
//     --series "product=runs/quality/vae-mlp/metrics.jsonl:ELBO" --series "PyTorch twin=runs/quality/torch-vae-mlp.jsonl:neg_elbo:dashed"
//
// A series is LABEL=FILE[:KEY][:dashed]; KEY is the loss's name in the file (default: its only one).
import { readFile, writeFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { lossPlotSvg, type Series } from './loss-plot';

const { values: v } = parseArgs({
  options: {
    series: { type: 'string', multiple: true },
    title: { type: 'string', default: 'training loss' },
    smooth: { type: 'string', default: '1' },
    out: { type: 'string' },
  },
});

async function readSeries(spec: string): Promise<Series> {
  const eq = spec.indexOf('=');
  if (eq < 1) throw new Error(`--series takes LABEL=FILE[:KEY][:dashed], got "${spec}"`);
  const [file, ...rest] = spec.slice(eq + 1).split(':');
  const dashed = rest[rest.length - 1] === 'dashed';
  const key = dashed ? rest[rest.length - 2] : rest[rest.length - 1];
  const rows = (await readFile(file!, 'utf8')).split('\n').filter(Boolean).map((l) => JSON.parse(l) as Record<string, number>);
  const keys = [...new Set(rows.flatMap((r) => Object.keys(r).filter((k) => k !== 'step')))];
  const wanted = key ?? (keys.length === 1 ? keys[0] : undefined);
  if (!wanted || !keys.includes(wanted)) throw new Error(`${file}: name the loss to draw with :KEY, one of ${keys.join(', ')}`);
  return { name: spec.slice(0, eq), dashed, points: rows.filter((r) => wanted in r).map((r) => [r.step!, r[wanted]!] as const) };
}

async function main(): Promise<void> {
  if (!v.out || !v.series?.length) throw new Error('give --out FILE.svg and at least one --series LABEL=FILE[:KEY][:dashed]');
  const series = await Promise.all(v.series.map(readSeries));
  await writeFile(v.out, lossPlotSvg(series, { title: v.title, smooth: Number(v.smooth) }));
  process.stderr.write(`wrote ${v.out}\n`);
}

main().catch((e: unknown) => {
  process.stderr.write(`${e instanceof Error ? e.message : String(e)}\n`);
  process.exit(1);
});

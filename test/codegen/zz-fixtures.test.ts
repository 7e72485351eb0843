import { it } from 'vitest';
import { exportTypeScript } from '../../src/codegen';
import { everyLossDoc } from './fixtures';
import { appRun, exportedRun, loadExported, largestRelativeDifference } from './support';
import { writeFileSync } from 'node:fs';
it('runs', async () => {
  for (const [name, doc] of [['every', everyLossDoc()]] as const) {
    const code = await exportTypeScript(doc);
    writeFileSync(`/tmp/tlcheck/${name}.ts`, code);
    const p = loadExported(code);
    const app = await appRun(doc, 3, 4, true);
    const ex = await exportedRun(p, 3, 4, app.datasets, true);
    console.log(name, JSON.stringify(app.losses), JSON.stringify(ex.losses), largestRelativeDifference(app.losses, ex.losses));
    console.log(Object.keys(app.previews), Object.keys(ex.previews), Object.keys(app.previews).map(k => JSON.stringify(app.previews[k]) === JSON.stringify(ex.previews[k])));
  }
});

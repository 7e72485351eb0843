import { it, expect } from 'vitest';
import { exportTypeScript } from '../../src/codegen';
import { TEMPLATES } from '../../templates';
import { applyOverrides } from '../../src/graph/overrides';
import { appRun, exportedRun, loadExported, largestRelativeDifference } from '../../test/codegen/support';
it('runs', async () => {
  for (const t of TEMPLATES) {
    const doc = applyOverrides(t.doc, { batchSize: 8 }).doc;
    const code = await exportTypeScript(doc);
    const p = loadExported(code);
    const app = await appRun(doc, 3, 5, true);
    const ex = await exportedRun(p, 3, 5, app.datasets, true);
    console.log(t.id, JSON.stringify(app.losses), JSON.stringify(ex.losses), largestRelativeDifference(app.losses, ex.losses));
    console.log(Object.keys(app.previews), Object.keys(ex.previews), Object.keys(app.previews).map(k => JSON.stringify(app.previews[k]) === JSON.stringify(ex.previews[k])));
  }
});

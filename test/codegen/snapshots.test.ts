// (c) The generated code of every template, kept as files to read (and review in diffs) as code.
import { describe, expect, it } from 'vitest';
import { exportTypeScript } from '../../src/codegen';
import { TEMPLATES } from '../../templates';

describe('exported code of the templates', () => {
  it.each(TEMPLATES.map((t) => [t.id, t] as const))('%s', async (id, t) => {
    await expect(await exportTypeScript(t.doc)).toMatchFileSnapshot(`./__snapshots__/${id}.ts`);
  });
});

import { describe, expect, it } from 'vitest';
import { analyze } from '../compiler/analyze';
import type { GraphDoc } from '../graph/types';
import { issue, renderIssue } from '../messages';
import { safeAnalyze } from './context';

describe('safeAnalyze', () => {
  it('shows a pass that throws as its own coded problem, not as a bad param', () => {
    const broken = { models: {}, main: null } as unknown as GraphDoc;
    let detail = '';
    try {
      analyze(broken);
    } catch (e) {
      detail = e instanceof Error ? e.message : String(e);
    }
    expect(detail).not.toBe('');
    const [d, ...rest] = safeAnalyze(broken).diagnostics;
    expect(rest).toEqual([]);
    expect(d).toMatchObject({ code: 'internal.analyze', severity: 'error', message: renderIssue(issue('internal.analyze', { detail })) });
  });
});

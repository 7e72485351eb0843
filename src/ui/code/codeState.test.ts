import { describe, expect, it } from 'vitest';
import type { Diagnostic } from '../../compiler/diagnostics';
import { TEMPLATES } from '../../../templates';
import { codeReducer, exportKey, initialCodeState, withExport, withGraphErrors } from './codeState';

const diag = (severity: Diagnostic['severity'], message: string): Diagnostic => ({ code: 'param.range', severity, message, scope: { kind: 'main' } });
const ok = (code: string) => ({ ok: true as const, id: 1, code, ranges: [{ scope: 'main', nodeId: 'a', start: 1, end: 1 }], ms: 12 });

describe('code view state', () => {
  it('takes new code, and keeps it with a stale notice while the graph has errors', () => {
    const s1 = withExport(initialCodeState, ok('const a = 1;\n'));
    expect(s1).toMatchObject({ code: 'const a = 1;\n', notice: null, exportMs: 12 });
    const s2 = withGraphErrors(s1, [diag('warning', 'w'), diag('error', 'Dense "h": units must be at least 1.'), diag('error', 'second')]);
    expect(s2.code).toBe('const a = 1;\n');
    expect(s2.ranges).toBe(s1.ranges);
    expect(s2.notice?.severity).toBe('warning');
    expect(s2.notice?.text).toContain('2 errors');
    expect(s2.notice?.text).toContain('Dense "h": units must be at least 1.');
    // fresh code clears the notice
    expect(withExport(s2, ok('const b = 2;\n')).notice).toBeNull();
  });

  it('says there is no code yet when the first graph already has errors', () => {
    const s = withGraphErrors(initialCodeState, [diag('error', 'x')]);
    expect(s.code).toBeNull();
    expect(s.notice?.text).toMatch(/^The graph has 1 error, so there is no code to show yet/);
  });

  it('ignores warnings, and keeps the old code when an export fails', () => {
    const s1 = withExport(initialCodeState, ok('x;\n'));
    expect(withGraphErrors(s1, [diag('warning', 'w'), diag('info', 'i')])).toBe(s1);
    const s2 = withExport(s1, { ok: false, detail: 'boom' });
    expect(s2.code).toBe('x;\n');
    expect(s2.notice).toEqual({ severity: 'error', text: expect.stringContaining('(boom)') });
  });

  it('code that arrives after the graph broke is shown as stale', () => {
    const broken = { diagnostics: [diag('error', 'broken')], shapes: {}, signatures: {} };
    const clean = { diagnostics: [], shapes: {}, signatures: {} };
    const s1 = codeReducer(initialCodeState, { type: 'exported', result: ok('a;\n'), analysis: clean });
    expect(s1.notice).toBeNull();
    const s2 = codeReducer(s1, { type: 'exported', result: ok('b;\n'), analysis: broken });
    expect(s2.code).toBe('b;\n');
    expect(s2.notice?.text).toContain('First: broken');
    // back to the version shown: the notice goes without a new export
    expect(codeReducer(s2, { type: 'current' }).notice).toBeNull();
  });

  it('another document opened forgets the last one\'s code and notices', () => {
    const shown = withGraphErrors(withExport(initialCodeState, ok('x;\n')), [diag('error', 'e')]);
    expect(codeReducer(shown, { type: 'opened' })).toEqual(initialCodeState);
    expect(codeReducer(initialCodeState, { type: 'opened' })).toBe(initialCodeState);
  });

  it('exportKey ignores node positions and nothing else', () => {
    const doc = TEMPLATES[0]!.doc;
    const moved = structuredClone(doc);
    moved.main.nodes[0]!.position = { x: 999, y: -5 };
    expect(exportKey(moved)).toBe(exportKey(doc));
    const changed = structuredClone(doc);
    changed.main.nodes[0]!.label = 'renamed';
    expect(exportKey(changed)).not.toBe(exportKey(doc));
  });
});

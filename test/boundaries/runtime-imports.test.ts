// The analysis path (the compiler passes up to `order`, node shape inference, the UI's main
// bundle) must not load tfjs or the WGSL and wasm kernel modules: an edit on the canvas re-runs it,
// and the page must open before any of that is fetched. Type-only imports are free; this follows
// the imports that stay in the JavaScript, from each entry, and fails on the first forbidden one.
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

const REPO = path.resolve(__dirname, '../..');

/** Modules the analysis path must not reach. */
const FORBIDDEN = [/^@tensorflow\//, /^src\/runtime\/(webgpu-programs|fused-|gpu-random\/program|wasm-kernels|kernels)/];

/** The specifiers of a file's imports and re-exports that remain at run time. */
function runtimeImports(file: string): string[] {
  const sf = ts.createSourceFile(file, readFileSync(path.join(REPO, file), 'utf8'), ts.ScriptTarget.ES2022, true);
  const found: string[] = [];
  for (const s of sf.statements) {
    if (ts.isImportDeclaration(s) && ts.isStringLiteral(s.moduleSpecifier)) {
      const c = s.importClause;
      const typeOnly = c?.isTypeOnly || (c && !c.name && c.namedBindings && ts.isNamedImports(c.namedBindings) && c.namedBindings.elements.every((e) => e.isTypeOnly));
      if (!typeOnly) found.push(s.moduleSpecifier.text);
    } else if (ts.isExportDeclaration(s) && s.moduleSpecifier && ts.isStringLiteral(s.moduleSpecifier) && !s.isTypeOnly) {
      found.push(s.moduleSpecifier.text);
    }
  }
  return found;
}

function resolve(from: string, spec: string): string | undefined {
  if (!spec.startsWith('.')) return undefined;
  const base = path.posix.normalize(path.posix.join(path.posix.dirname(from), spec.replace(/\?.*$/, '')));
  return [base, `${base}.ts`, `${base}.tsx`, `${base}/index.ts`].find((f) => /\.tsx?$/.test(f) && existsSync(path.join(REPO, f)));
}

/** Every import of a forbidden module reachable from `entry`, as "importer -> module". */
export function forbiddenImports(entry: string): string[] {
  const seen = new Set<string>();
  const found = new Set<string>();
  const walk = (file: string) => {
    if (seen.has(file)) return;
    seen.add(file);
    for (const spec of runtimeImports(file)) {
      const target = resolve(file, spec) ?? spec;
      if (FORBIDDEN.some((f) => f.test(target))) found.add(`${file} -> ${target}`);
      else if (target.endsWith('.ts') || target.endsWith('.tsx')) walk(target);
    }
  };
  walk(entry);
  return [...found].sort();
}

describe('the analysis path loads no tfjs and no kernels', () => {
  const entries = ['src/compiler/analyze.ts', 'src/compiler/order.ts', 'src/compiler/infer-shapes.ts', 'nodes/index.ts', 'src/ui/main.tsx'];
  it.each(entries)('from %s', (entry) => {
    expect(forbiddenImports(entry)).toEqual([]);
  });

  it('finds a forbidden import where there is one (the check can fail)', () => {
    expect(forbiddenImports('src/runtime/gpu-random/ops.ts').length).toBeGreaterThan(0);
  });
});

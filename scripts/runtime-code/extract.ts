// Reads the runtime's own top-level declarations (functions, classes, types, constants) out of its
// source files, with what each one needs, so that the TypeScript export can copy them verbatim
// instead of keeping a second copy as strings. Syntactic only (no type checker): a declaration
// needs every top-level name of its file and every imported binding that it mentions.
//
// A declaration can be exported when everything it needs can: other declarations reached through
// relative imports, and the type namespace of @tensorflow/tfjs (`import type * as TF`). Anything
// else (a value from tfjs, a WebGPU program, the messages list) makes it, and whatever needs it,
// runtime-only; `unportable` says why.
import path from 'node:path';
import ts from 'typescript';

export interface Declaration {
  /** the names the statement(s) declare; the first is the key */
  names: string[];
  file: string;
  /** the source, with its doc comment, without `export` */
  code: string;
  /** keys of the declarations it needs, in order of first mention */
  needs: string[];
  /** it mentions the `TF` type namespace */
  usesTfTypes: boolean;
  /** why it cannot be copied into an export, when it cannot */
  unportable?: string;
  /** the file exports it */
  exported: boolean;
}

interface Binding {
  file: string;
  name: string;
}

type ReadFile = (file: string) => string | undefined;

const TF_MODULE = '@tensorflow/tfjs';

/** `./philox` from `src/runtime/gpu-random/ops.ts` → `src/runtime/gpu-random/philox.ts`, if it exists. */
function resolveImport(from: string, spec: string, read: ReadFile): string | undefined {
  if (!spec.startsWith('.')) return undefined;
  const base = path.posix.normalize(path.posix.join(path.posix.dirname(from), spec));
  const candidates = base.endsWith('.ts') ? [base] : [`${base}.ts`, `${base}/index.ts`];
  return candidates.find((c) => read(c) !== undefined);
}

/** The names a top-level statement declares, or [] for statements that declare nothing exportable. */
function declaredNames(s: ts.Statement): string[] {
  if (ts.isFunctionDeclaration(s) || ts.isClassDeclaration(s) || ts.isInterfaceDeclaration(s) || ts.isTypeAliasDeclaration(s) || ts.isEnumDeclaration(s)) {
    return s.name ? [s.name.text] : [];
  }
  if (ts.isVariableStatement(s)) return s.declarationList.declarations.flatMap((d) => (ts.isIdentifier(d.name) ? [d.name.text] : []));
  return [];
}

const hasModifier = (s: ts.Statement, kind: ts.SyntaxKind) => (ts.canHaveModifiers(s) ? ts.getModifiers(s) ?? [] : []).some((m) => m.kind === kind);

/** Identifiers a statement mentions as names (not as property names after a dot or in a literal). */
function mentionedNames(node: ts.Node): string[] {
  const seen: string[] = [];
  const visit = (n: ts.Node) => {
    if (ts.isIdentifier(n)) {
      const p = n.parent;
      const isMember =
        (ts.isPropertyAccessExpression(p) && p.name === n) ||
        (ts.isQualifiedName(p) && p.right === n) ||
        ((ts.isPropertyAssignment(p) || ts.isPropertySignature(p) || ts.isPropertyDeclaration(p) || ts.isMethodDeclaration(p) || ts.isMethodSignature(p) || ts.isGetAccessor(p) || ts.isSetAccessor(p)) && p.name === n);
      if (!isMember && !seen.includes(n.text)) seen.push(n.text);
    }
    ts.forEachChild(n, visit);
  };
  visit(node);
  return seen;
}

/** The statement's text from its own doc comment on (a file's header comment is left behind), without `export`. */
function sourceOf(s: ts.Statement, text: string): string {
  const comments = ts.getLeadingCommentRanges(text, s.pos) ?? [];
  // only the comments that touch the statement: a blank line ends the run
  let start = s.getStart();
  for (let i = comments.length - 1; i >= 0; i--) {
    const between = text.slice(comments[i]!.end, start);
    if ((between.match(/\n/g) ?? []).length > 1) break;
    start = comments[i]!.pos;
  }
  const body = text.slice(start, s.end);
  const exportAt = s.getStart() - start;
  return hasModifier(s, ts.SyntaxKind.ExportKeyword) ? body.slice(0, exportAt) + body.slice(exportAt).replace(/^export\s+/, '') : body;
}

interface FileInfo {
  /** top-level name → the statements that declare it (overloads and merged declarations) */
  statements: Map<string, ts.Statement[]>;
  imports: Map<string, Binding | 'tf-types' | string>;
  /** `export { a } from './b'` */
  reexports: Map<string, Binding>;
  text: string;
}

function readFileInfo(file: string, read: ReadFile): FileInfo {
  const text = read(file);
  if (text === undefined) throw new Error(`runtime code: cannot read ${file}`);
  const sf = ts.createSourceFile(file, text, ts.ScriptTarget.ES2022, true);
  const info: FileInfo = { statements: new Map(), imports: new Map(), reexports: new Map(), text };
  for (const s of sf.statements) {
    if (ts.isImportDeclaration(s) && ts.isStringLiteral(s.moduleSpecifier)) {
      const spec = s.moduleSpecifier.text;
      const clause = s.importClause;
      if (!clause) continue;
      const target = resolveImport(file, spec, read);
      const bindings = clause.namedBindings;
      if (bindings && ts.isNamespaceImport(bindings)) {
        info.imports.set(bindings.name.text, spec === TF_MODULE && clause.isTypeOnly ? 'tf-types' : `the namespace import of "${spec}"`);
      } else if (bindings) {
        for (const el of bindings.elements) {
          const imported = (el.propertyName ?? el.name).text;
          info.imports.set(el.name.text, target ? { file: target, name: imported } : `"${imported}" from "${spec}"`);
        }
      }
      if (clause.name) info.imports.set(clause.name.text, `the default import of "${spec}"`);
      continue;
    }
    if (ts.isExportDeclaration(s) && s.exportClause && ts.isNamedExports(s.exportClause)) {
      const target = s.moduleSpecifier && ts.isStringLiteral(s.moduleSpecifier) ? resolveImport(file, s.moduleSpecifier.text, read) : file;
      if (!target) continue;
      for (const el of s.exportClause.elements) info.reexports.set(el.name.text, { file: target, name: (el.propertyName ?? el.name).text });
      continue;
    }
    for (const name of declaredNames(s)) info.statements.set(name, [...(info.statements.get(name) ?? []), s]);
  }
  return info;
}

/**
 * Every top-level declaration reachable from the exported declarations of `roots`, keyed by name.
 * Declarations may need others from `roots` and `alsoAllowed` only: the rest of the runtime (WebGPU
 * programs, wasm kernels) stays out of the export even where it is plain TypeScript.
 * Throws when two portable declarations of different files share a name (the export is one module).
 */
export function extractDeclarations(roots: readonly string[], read: ReadFile, alsoAllowed: readonly string[] = []): Map<string, Declaration> {
  const allowed = new Set([...roots, ...alsoAllowed]);
  const files = new Map<string, FileInfo>();
  const info = (file: string) => {
    if (!files.has(file)) files.set(file, readFileInfo(file, read));
    return files.get(file)!;
  };
  const byBinding = new Map<string, Declaration>();
  const needed = new Map<Declaration, Declaration[]>();
  const result = new Map<string, Declaration>();

  /** The declaration a name of a file stands for, following imports and re-exports. */
  const lookup = (file: string, name: string, depth = 0): Declaration | string => {
    if (depth > 20) return `a cycle of re-exports at "${name}" in ${file}`;
    const f = info(file);
    if (f.statements.has(name)) return allowed.has(file) ? declarationOf(file, name) : `${name} of ${file}, which the export does not include`;
    const re = f.reexports.get(name);
    if (re) return lookup(re.file, re.name, depth + 1);
    return `"${name}", which ${file} does not declare`;
  };

  const declarationOf = (file: string, name: string): Declaration => {
    const key = `${file}#${name}`;
    const known = byBinding.get(key);
    if (known) return known;
    const f = info(file);
    const statements = [...new Set(f.statements.get(name)!)];
    const names = [...new Set(statements.flatMap(declaredNames))];
    const decl: Declaration = {
      names,
      file,
      code: statements.map((s) => sourceOf(s, f.text)).join('\n'),
      needs: [],
      usesTfTypes: false,
      exported: statements.some((s) => hasModifier(s, ts.SyntaxKind.ExportKeyword)),
    };
    for (const n of names) byBinding.set(`${file}#${n}`, decl);
    const deps: Declaration[] = [];
    needed.set(decl, deps);
    const problems: string[] = [];
    for (const mentioned of statements.flatMap(mentionedNames)) {
      if (names.includes(mentioned)) continue;
      let dep: Declaration | string | undefined;
      if (f.statements.has(mentioned)) dep = declarationOf(file, mentioned);
      else {
        const imported = f.imports.get(mentioned);
        if (imported === 'tf-types') {
          decl.usesTfTypes = true;
          continue;
        }
        if (typeof imported === 'string') dep = imported;
        else if (imported) dep = lookup(imported.file, imported.name);
      }
      if (dep === undefined) continue; // a local name, a global or a parameter
      if (typeof dep === 'string') problems.push(`it uses ${dep}`);
      else {
        if (!deps.includes(dep)) {
          deps.push(dep);
          decl.needs.push(dep.names[0]!);
        }
        if (dep.unportable) problems.push(`it needs ${dep.names[0]!} (${dep.file}), which cannot be exported`);
        decl.usesTfTypes ||= dep.usesTfTypes;
      }
    }
    if (problems.length) decl.unportable = problems.join('; ');
    return decl;
  };

  for (const file of roots) {
    for (const name of info(file).statements.keys()) {
      const decl = declarationOf(file, name);
      if (!decl.exported || decl.unportable) continue;
      const visit = (d: Declaration) => {
        const key = d.names[0]!;
        const other = result.get(key);
        if (other === d) return;
        if (other) throw new Error(`runtime code: "${key}" is declared in both ${other.file} and ${d.file}; the export is one module, rename one`);
        result.set(key, d);
        for (const dep of needed.get(d)!) visit(dep);
      };
      visit(decl);
    }
  }
  return result;
}

// Reading a graph file: text in, a checked and migrated document (or the reasons why not) out.
// Pure and total: it never throws and never touches any document the caller already has.
//
// Order: JSON syntax → is it a Tensorloom graph (format) → version (newer files are refused) →
// format migrations (raw JSON) → "__proto__" keys → schema → node param migrations →
// checkDocument. The steps up to the schema refuse the file (ok: false); what checkDocument finds
// (unknown types, bad params, dangling edges) is returned with the document, so the editor can
// show it and let people fix it.
import { diagnostic, type Diagnostic } from '../compiler/diagnostics';
import { issue } from '../messages';
import { checkDocument } from './check';
import { formatPath } from './json-path';
import { findJsonSyntaxError } from './json-syntax';
import { migrateDocument, migrateNodes, type JsonObject } from './migrations';
import { reservedKeyPaths } from './reserved-keys';
import { describeValue, isRecord, parseGraphFile } from './schema';
import { GRAPH_FORMAT, GRAPH_VERSION, type GraphDoc, type GraphScope } from './types';

export type LoadResult = { ok: true; doc: GraphDoc; diagnostics: Diagnostic[] } | { ok: false; diagnostics: Diagnostic[] };

// problems of the file as a whole belong to no graph; the training graph is where people look first
const FILE: GraphScope = { kind: 'main' };

const refuse = (...diagnostics: Diagnostic[]): LoadResult => ({ ok: false, diagnostics });
const schemaError = (path: string, detail: string) =>
  diagnostic(issue('doc.schema', { path: path || 'The document', detail }), { scope: FILE, path });

export function loadDocument(text: string): LoadResult {
  // editors on Windows may start the file with a byte-order mark, which JSON.parse rejects
  const source = text.startsWith('\uFEFF') ? text.slice(1) : text;
  let parsed: unknown;
  try {
    parsed = JSON.parse(source);
  } catch (e) {
    const at = findJsonSyntaxError(source);
    const detail = at ? `line ${at.line}, column ${at.column}: ${at.problem}` : e instanceof Error ? e.message : String(e);
    return refuse(diagnostic(issue('doc.json', { detail }), { scope: FILE }));
  }
  return fromJson(parsed);
}

/**
 * The same for a document that is already a JSON value, e.g. a template imported as a JSON module.
 * The value is copied first, so the caller's object (shared by every importer) is never changed.
 */
export function loadDocumentJson(value: unknown): LoadResult {
  let copy: unknown;
  try {
    copy = structuredClone(value);
  } catch (e) {
    return refuse(diagnostic(issue('doc.json', { detail: e instanceof Error ? e.message : String(e) }), { scope: FILE }));
  }
  return fromJson(copy);
}

/** Everything after JSON syntax; `parsed` is this load's own copy, which the steps may change. */
function fromJson(parsed: unknown): LoadResult {
  if (!isRecord(parsed)) return refuse(schemaError('', `expected an object, got ${describeValue(parsed)}`));
  if (parsed.format !== GRAPH_FORMAT) {
    const got = parsed.format === undefined ? 'missing' : describeValue(parsed.format);
    return refuse(diagnostic(issue('doc.format', { got }), { scope: FILE, path: 'format' }));
  }
  const version = parsed.version;
  if (typeof version !== 'number' || !Number.isInteger(version) || version < 1) {
    const detail = version === undefined ? 'missing (expected a whole number from 1 up)' : `expected a whole number from 1 up, got ${describeValue(version)}`;
    return refuse(schemaError('version', detail));
  }
  if (version > GRAPH_VERSION) {
    return refuse(diagnostic(issue('doc.newer', { got: version, max: GRAPH_VERSION }), { scope: FILE, path: 'version' }));
  }

  // raw JSON: what JSON.parse gives; a value from elsewhere that is not JSON fails the schema later
  const migrated = migrateDocument(parsed as JsonObject, version);
  if (!migrated.ok) return refuse(migrated.diagnostic);

  const reserved = reservedKeyPaths(migrated.raw);
  if (reserved.length) {
    return refuse(...reserved.map((p) => diagnostic(issue('doc.reservedKey', { path: formatPath(p) }), { scope: FILE, path: formatPath(p) })));
  }

  const file = parseGraphFile(migrated.raw);
  const diagnostics = file.unknownKeys.map((path) => {
    const p = formatPath(path);
    return diagnostic(issue('doc.unknownKey', { path: p }), { scope: FILE, path: p });
  });
  if (!file.ok) return refuse(...file.problems.map((p) => schemaError(formatPath(p.path), p.detail)), ...diagnostics);

  const { nodeVersions, ...stored } = file.file;
  const upgraded = migrateNodes(stored, nodeVersions);
  diagnostics.push(...upgraded.diagnostics, ...checkDocument(upgraded.doc));
  return { ok: true, doc: upgraded.doc, diagnostics };
}


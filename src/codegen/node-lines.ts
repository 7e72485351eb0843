// Which lines of the exported module each node wrote, for the code view. The writer can wrap a
// node's code in two marker comments; prettier keeps comments on their own lines, so after
// formatting `takeNodeLines` finds the markers, records the lines between them and removes them,
// which leaves exactly the module the plain export gives.

/** The lines one node wrote: 1-based and inclusive, in the module without markers. */
export interface NodeLines {
  /** the node's graph, as `scopeKey` writes it: 'main' or 'model:<id>' */
  scope: string;
  nodeId: string;
  start: number;
  end: number;
}

const START = '//@tensorloom-node ';
const END = '//@tensorloom-node-end';

/** Wraps the code of one node (one or more lines) in markers; without `on`, the code as it is. */
export function markNode(on: boolean, scope: string, nodeId: string, code: string): string {
  if (!on) return code;
  // JSON leaves U+2028 and U+2029 as they are, and either would end the marker's line comment
  const key = JSON.stringify([scope, nodeId]).replace(/\u2028/g, '\\u2028').replace(/\u2029/g, '\\u2029');
  return `${START}${key}\n${code}\n${END}`;
}

/**
 * Wraps what a writer appended to `lines` since index `from` in one node's markers, in place.
 * Nothing happens when it appended nothing or markers are off.
 */
export function markLinesSince(on: boolean, lines: string[], from: number, scope: string, nodeId: string): void {
  if (!on || lines.length === from) return;
  const written = lines.splice(from);
  lines.push(markNode(true, scope, nodeId, written.join('\n')));
}

/** Removes the markers from (formatted) code and says which lines each marked node wrote. */
export function takeNodeLines(marked: string): { code: string; ranges: NodeLines[] } {
  const kept: string[] = [];
  const open: { scope: string; nodeId: string; start: number }[] = [];
  const ranges: NodeLines[] = [];
  for (const line of marked.split('\n')) {
    const text = line.trim();
    if (text.startsWith(START)) {
      const [scope, nodeId] = JSON.parse(text.slice(START.length)) as [string, string];
      open.push({ scope, nodeId, start: kept.length + 1 });
    } else if (text === END) {
      const o = open.pop();
      if (!o) throw new Error('internal: a node end marker without its start');
      if (kept.length >= o.start) ranges.push({ ...o, end: kept.length });
    } else kept.push(line);
  }
  if (open.length) throw new Error(`internal: node "${open[0]!.nodeId}" has no end marker`);
  ranges.sort((a, b) => a.start - b.start || b.end - a.end);
  return { code: kept.join('\n'), ranges };
}

/** The line ranges of some nodes of one graph, in order, overlapping and adjacent ranges merged. */
export function linesOfNodes(ranges: readonly NodeLines[], scope: string, nodeIds: readonly string[]): { start: number; end: number }[] {
  const wanted = new Set(nodeIds);
  const mine = ranges
    .filter((r) => r.scope === scope && wanted.has(r.nodeId))
    .map((r) => ({ start: r.start, end: r.end }))
    .sort((a, b) => a.start - b.start);
  const merged: { start: number; end: number }[] = [];
  for (const r of mine) {
    const last = merged.at(-1);
    if (last && r.start <= last.end + 1) last.end = Math.max(last.end, r.end);
    else merged.push(r);
  }
  return merged;
}

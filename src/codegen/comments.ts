// Comments for generated code, wrapped to the width prettier formats the code to (prettier
// leaves comments as they are).
import { commentText } from './names';

const WIDTH = 100;

function wrap(text: string, width: number): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(/\s+/).filter(Boolean)) {
    if (line && line.length + 1 + word.length > width) {
      lines.push(line);
      line = word;
    } else line = line ? `${line} ${word}` : word;
  }
  if (line) lines.push(line);
  return lines;
}

/** `//` lines, paragraphs (split at blank lines) separated by an empty `//`. */
export function lineComment(text: string): string[] {
  const paragraphs = text.split(/\n\s*\n/).map((p) => wrap(p, WIDTH - 3).map((l) => `// ${l}`));
  return paragraphs.flatMap((p, i) => (i === 0 ? p : ['//', ...p]));
}

/** A JSDoc block for a top-level declaration: one line when it fits, else wrapped. */
export function docComment(text: string): string {
  const safe = commentText(text);
  if (safe.length + 7 <= WIDTH) return `/** ${safe} */`;
  return ['/**', ...wrap(safe, WIDTH - 3).map((l) => ` * ${l}`), ' */'].join('\n');
}

/**
 * A statement with its shapes in a comment: at the end of a line that stays short (indented by
 * two), above one that prettier will wrap (a comment at the end would trail its last line).
 */
export function withShapes(line: string, shapes: string): string {
  if (!shapes) return line;
  return 2 + line.length + 4 + shapes.length <= WIDTH ? `${line} // ${shapes}` : `// ${shapes}\n${line}`;
}

// Identifiers and literals for generated code: readable camelCase names made from node labels and
// ids, unique within a scope, never a reserved word nor a name the module already uses.

const RESERVED = new Set(
  (
    'break case catch class const continue debugger default delete do else enum export extends false finally for ' +
    'function if import in instanceof new null return super switch this throw true try typeof var void while with ' +
    'as implements interface let package private protected public static yield any boolean constructor declare get ' +
    'module require number set string symbol type from of async await undefined NaN Infinity arguments eval'
  ).split(' '),
);

/** The words of a label or id: 'D_real' → ['D', 'real'], 'fake points' → ['fake', 'points']. */
export function wordsOf(text: string): string[] {
  return text.split(/[^A-Za-z0-9]+/).filter((w) => w.length > 0);
}

const capitalise = (w: string) => w.charAt(0).toUpperCase() + w.slice(1);

/** A first word in capitals ('VAE', 'D') reads as one word: 'vae', 'd'. */
const lowerFirstWord = (w: string) => (w === w.toUpperCase() ? w.toLowerCase() : w.charAt(0).toLowerCase() + w.slice(1));

/** lowerCamelCase: 'D_real' → 'dReal', 'VAE' → 'vae', 'recon_preview' → 'reconPreview'. */
export function camelName(text: string, fallback = 'value'): string {
  const words = wordsOf(text);
  if (words.length === 0) return fallback;
  const name = lowerFirstWord(words[0]!) + words.slice(1).map(capitalise).join('');
  return /^[0-9]/.test(name) ? `${fallback}${capitalise(name)}` : name;
}

/** UpperCamelCase, for the part after a prefix: 'generator' → 'Generator', 'D' → 'D', 'VAE' → 'Vae'. */
export function pascalName(text: string, fallback = 'Value'): string {
  const words = wordsOf(text);
  if (words.length === 0) return fallback;
  const first = words[0]!;
  const head = first.length > 1 && first === first.toUpperCase() ? capitalise(first.toLowerCase()) : capitalise(first);
  return head + words.slice(1).map(capitalise).join('');
}

/**
 * What to make a node's identifier from: its label when the label reads as words ("encoder loss",
 * "D_real"), else its id (labels like "x̃ = Dec(z)" make poor identifiers).
 */
export function identifierSource(node: { id: string; label?: string }): string {
  const label = node.label?.trim();
  return label && /^[A-Za-z][A-Za-z0-9 _-]*$/.test(label) ? label : node.id;
}

// Every string a document holds (labels, ids, names) reaches generated code through one of the
// four functions below: a string literal, a property key, template-literal text or comment text.
// Each leaves nothing that could end its context early (a quote, a backtick or `${`, a comment
// terminator, any line terminator: \n, \r, U+2028, U+2029) and no control character.

/** Control characters and line terminators, as escapes a string or template literal can hold. */
// eslint-disable-next-line no-control-regex -- control characters are what it finds
const UNPRINTABLE = /[\u0000-\u001f\u007f\u2028\u2029]/g;
const SHORT_ESCAPES: Record<string, string> = { '\n': '\\n', '\r': '\\r', '\t': '\\t' };
const escapeUnprintable = (text: string) =>
  text.replace(UNPRINTABLE, (c) => SHORT_ESCAPES[c] ?? `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);

/** A string literal in single quotes. */
export function quote(text: string): string {
  return `'${escapeUnprintable(text.replace(/\\/g, '\\\\').replace(/'/g, "\\'"))}'`;
}

/** A property key as written in code: bare when it is an identifier, else quoted. */
export function propertyKey(key: string): string {
  return /^[A-Za-z_$][A-Za-z0-9_$]*$/.test(key) ? key : quote(key);
}

/** A literal for generated code: numbers as JavaScript prints them, strings quoted, lists in brackets. */
export function lit(v: number | string | boolean | readonly number[]): string {
  if (typeof v === 'string') return quote(v);
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  return `[${v.map(String).join(', ')}]`;
}

/** Text for inside a template literal: backslashes, backticks and `${` escaped. */
export function templateText(text: string): string {
  return escapeUnprintable(text.replace(/\\/g, '\\\\').replace(/`/g, '\\`').replace(/\$\{/g, '\\${'));
}

/** Text for inside a comment, on one line: no star-slash (it would end a block comment), no line break, no control character. */
export function commentText(text: string): string {
  return text.replace(/\*\//g, '* /').replace(/\r\n/g, ' ').replace(UNPRINTABLE, ' ');
}

/**
 * The names taken in one scope. `claim` returns the wanted name, or the name with a number
 * appended ('gen2') when it is taken or reserved.
 */
export class NameScope {
  private readonly taken: Set<string>;

  /** `reserved`: the words of the language written (TypeScript's by default) */
  constructor(taken: Iterable<string> = [], private readonly parent?: NameScope, private readonly reserved: ReadonlySet<string> = RESERVED) {
    this.taken = new Set(taken);
  }

  has(name: string): boolean {
    return this.reserved.has(name) || this.taken.has(name) || (this.parent?.has(name) ?? false);
  }

  claim(wanted: string): string {
    let name = wanted;
    for (let n = 2; this.has(name); n++) name = `${wanted}${n}`;
    this.taken.add(name);
    return name;
  }

  /** A scope inside this one: it sees this scope's names, and claims its own. */
  child(taken: Iterable<string> = []): NameScope {
    return new NameScope(taken, this, this.reserved);
  }
}

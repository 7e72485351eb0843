// Where a text stops being JSON, in plain words. JSON.parse says so differently in every engine
// (V8 sometimes gives no position at all, and quotes the whole text), so when it fails this small
// recogniser walks the text again and names the first problem with its line and column.

export interface JsonSyntaxError {
  /** offset in the text (UTF-16 code units) */
  position: number;
  line: number;
  column: number;
  /** e.g. `expected ',' or '}' after a property value, found "b"` */
  problem: string;
}

class Stop {
  constructor(readonly position: number, readonly expected: string) {}
}

// deeper than this is no graph file; stop before the call stack does
const MAX_DEPTH = 2000;

/** The first syntax error of `text`, or null when it is valid JSON. */
export function findJsonSyntaxError(text: string): JsonSyntaxError | null {
  let i = 0;
  const ws = () => {
    while (i < text.length && ' \t\n\r'.includes(text[i]!)) i++;
  };
  const fail = (expected: string): never => {
    throw new Stop(i, expected);
  };
  const literal = (word: string) => {
    if (text.startsWith(word, i)) i += word.length;
    else fail('a value');
  };
  const string = () => {
    i++; // opening quote
    for (;;) {
      if (i >= text.length) fail('a closing \'"\' to end the text');
      const c = text.charCodeAt(i);
      if (c === 0x22) break;
      if (c < 0x20) fail('a closing \'"\' on the same line (or \\n for a line break)');
      if (c === 0x5c) {
        i++;
        if (text[i] === 'u' && /^[0-9a-fA-F]{4}$/.test(text.slice(i + 1, i + 5))) i += 4;
        else if (i >= text.length || !'"\\/bfnrt'.includes(text[i]!)) fail('a valid escape after \\');
      }
      i++;
    }
    i++;
  };
  const number = () => {
    const m = /^-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?/.exec(text.slice(i, i + 400));
    if (!m) fail('a number');
    i += m![0].length;
  };
  const value = (depth: number): void => {
    ws();
    if (depth > MAX_DEPTH) fail(`at most ${MAX_DEPTH} levels of nesting`);
    const c = text[i];
    if (c === '{') object(depth);
    else if (c === '[') array(depth);
    else if (c === '"') string();
    else if (c === '-' || (c !== undefined && c >= '0' && c <= '9')) number();
    else if (c === 't') literal('true');
    else if (c === 'f') literal('false');
    else if (c === 'n') literal('null');
    else fail('a value');
  };
  const object = (depth: number) => {
    i++;
    ws();
    if (text[i] === '}') return void i++;
    for (;;) {
      ws();
      if (text[i] !== '"') fail('a property name in double quotes');
      string();
      ws();
      if (text[i] !== ':') fail("':' after a property name");
      i++;
      value(depth + 1);
      ws();
      if (text[i] === '}') return void i++;
      if (text[i] !== ',') fail("',' or '}' after a property value");
      i++;
    }
  };
  const array = (depth: number) => {
    i++;
    ws();
    if (text[i] === ']') return void i++;
    for (;;) {
      value(depth + 1);
      ws();
      if (text[i] === ']') return void i++;
      if (text[i] !== ',') fail("',' or ']' after a list item");
      i++;
    }
  };

  try {
    value(0);
    ws();
    if (i < text.length) fail('nothing more after the end of the JSON value');
    return null;
  } catch (e) {
    if (!(e instanceof Stop)) throw e;
    return located(text, e.position, e.expected);
  }
}

function located(text: string, position: number, expected: string): JsonSyntaxError {
  let line = 1;
  let lineStart = 0;
  for (let k = 0; k < position; k++) {
    if (text.charCodeAt(k) === 0x0a) {
      line++;
      lineStart = k + 1;
    }
  }
  const snippet = text.slice(position, position + 12);
  const found = position >= text.length ? 'the end of the file' : JSON.stringify(snippet.split('\n')[0] || snippet);
  return { position, line, column: position - lineStart + 1, problem: `expected ${expected}, found ${found}` };
}

import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { Rng } from '../runtime/rng';
import { findJsonSyntaxError } from './json-syntax';

const golden = readFileSync(new URL('../../test/fixtures/graphs/two-models.json', import.meta.url), 'utf8');

const parses = (t: string) => {
  try {
    JSON.parse(t);
    return true;
  } catch {
    return false;
  }
};

describe('findJsonSyntaxError', () => {
  it.each([
    ['"abc', 1, 5, `expected a closing '"' to end the text, found the end of the file`],
    ['{"a": 1} x', 1, 10, 'expected nothing more after the end of the JSON value, found "x"'],
    ['{"a": tru}', 1, 7, 'expected a value, found "tru}"'],
    ['{"a": "\\q"}', 1, 9, 'expected a valid escape after \\, found "q\\"}"'],
    ['{\n  a: 1\n}', 2, 3, 'expected a property name in double quotes, found "a: 1"'],
    ['[1 2]', 1, 4, `expected ',' or ']' after a list item, found "2]"`],
    ['{"a" 1}', 1, 6, `expected ':' after a property name, found "1}"`],
    ['-', 1, 1, 'expected a number, found "-"'],
  ])('%j: line %i, column %i', (text, line, column, problem) => {
    expect(findJsonSyntaxError(text)).toMatchObject({ line, column, problem });
  });

  it('finds no error in valid JSON, deeply nested included', () => {
    expect(findJsonSyntaxError(golden)).toBeNull();
    expect(findJsonSyntaxError(`${'['.repeat(1000)}${']'.repeat(1000)}`)).toBeNull();
    expect(findJsonSyntaxError(' -0.5e+3 ')).toBeNull();
  });

  it('stops at absurd nesting instead of overflowing the stack', () => {
    expect(findJsonSyntaxError('['.repeat(100_000))?.problem).toContain('levels of nesting');
  });

  it('agrees with JSON.parse on broken copies of a real file', () => {
    const rng = new Rng(7);
    const pieces = ['{', '}', '[', ']', ',', ':', '"', '\\', '1', 'e', '-', ' ', '\n', 'x', '\u0001'];
    for (let i = 0; i < 500; i++) {
      let t = golden;
      for (let k = 0; k <= rng.int(3); k++) {
        const at = rng.int(t.length);
        t = rng.int(2) ? t.slice(0, at) + t.slice(at + 1 + rng.int(3)) : t.slice(0, at) + pieces[rng.int(pieces.length)]! + t.slice(at);
      }
      expect(findJsonSyntaxError(t) === null, t).toBe(parses(t));
    }
  });
});

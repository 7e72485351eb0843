// Python identifiers and text for the PyTorch export: snake_case names from labels and ids, unique
// in their scope and never a Python keyword or builtin the code uses; document text made safe for
// comments and docstrings.
import { commentText, NameScope, pascalName, wordsOf } from '../names';

const PYTHON_RESERVED = new Set(
  (
    'False None True and as assert async await break class continue def del elif else except finally for from ' +
    'global if import in is lambda nonlocal not or pass raise return try while with yield ' +
    // names the generated code itself relies on
    'self torch nn F tl math os json print len range list dict tuple int float str type super object'
  ).split(' '),
);

/** A scope of Python names. */
export const pythonScope = (taken: Iterable<string> = []) => new NameScope(taken, undefined, PYTHON_RESERVED);

/** snake_case: 'D_real' → 'd_real', 'fake points' → 'fake_points', 'dReal' → 'd_real', 'SiLU' → 'silu'. */
export function snakeName(text: string, fallback = 'value'): string {
  const words = wordsOf(text);
  if (words.length === 0) return fallback;
  const name = words.map((w) => w.replace(/([a-z0-9])([A-Z][a-z])/g, '$1_$2').toLowerCase()).join('_');
  return /^[0-9]/.test(name) ? `${fallback}_${name}` : name;
}

/** A class name: 'generator' → 'Generator', 'vae-encoder' → 'VaeEncoder'. */
export const className = (text: string, fallback = 'Model') => pascalName(text, fallback);

/** Document text inside a `#` comment: one line, nothing that ends it. */
export const pyComment = (text: string) => commentText(text);

/** Document text inside a docstring: one line, no quote or backslash that could end or bend it. */
export const pyDocText = (text: string) => commentText(text).replace(/\\/g, '\\\\').replace(/"/g, "'");

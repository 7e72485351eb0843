// The `import` lines a generated Python file needs: torch, nn, F and the runtime, each only when
// the code uses it (pyflakes refuses an unused import).
export function importsFor(code: string): string[] {
  const uses = (name: string) => new RegExp(`(?<![\\w.])${name}\\.`).test(code.replace(/^\s*#.*$/gm, ''));
  return [
    ...(uses('torch') ? ['import torch'] : []),
    ...(uses('nn') ? ['import torch.nn as nn'] : []),
    ...(uses('F') ? ['import torch.nn.functional as F'] : []),
    ...(uses('tl') ? ['', 'import tensorloom_runtime as tl'] : []),
  ];
}

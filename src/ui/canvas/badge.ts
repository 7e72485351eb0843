// The words behind a node's "!" badge, for screen readers: what the node has, so a node with only
// warnings does not read as "0 errors".

const count = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

export function badgeLabel(errors: number, warnings: number): string {
  const parts: string[] = [];
  if (errors) parts.push(count(errors, 'error'));
  if (warnings) parts.push(count(warnings, 'warning'));
  return parts.join(', ');
}

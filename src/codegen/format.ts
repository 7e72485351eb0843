// Formats generated code with prettier (the standalone build, so it runs in the browser as well).
import * as prettier from 'prettier/standalone';
import * as estree from 'prettier/plugins/estree';
import * as typescript from 'prettier/plugins/typescript';

export function formatTypeScript(code: string): Promise<string> {
  return prettier.format(code, { parser: 'typescript', plugins: [estree, typescript], printWidth: 100, singleQuote: true });
}

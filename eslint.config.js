// Lint rules for the whole tree: ESLint's, typescript-eslint's and React's hooks recommended sets,
// on the TypeScript sources. The AssemblyScript kernels, generated files and snapshots of exported code
// are not linted (they are not this project's TypeScript, or not written by hand).
import js from '@eslint/js';
import reactHooks from 'eslint-plugin-react-hooks';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  {
    ignores: [
      'dist/**',
      'public/**',
      'node_modules/**',
      'runs/**',
      'src/runtime/wasm-kernels/assembly/**',
      'src/runtime/wasm-kernels/build/**',
      'src/codegen/build/**',
      'test/codegen/__snapshots__/**',
      'test/e2e/__screenshots__/**',
      '**/*.js',
      '**/*.mjs',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    plugins: { 'react-hooks': reactHooks },
    rules: {
      ...reactHooks.configs.recommended.rules,
      // a leading underscore marks what a signature or a destructuring must name but not use
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrorsIgnorePattern: '^_', ignoreRestSiblings: true }],
    },
  },
);

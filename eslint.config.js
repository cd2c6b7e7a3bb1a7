// The rules STYLE.md names: promises are awaited, type-only imports say so, modules form no cycles, and workflow code
// imports nothing that would break determinism or the bundle.
import importX, { createNodeResolver } from 'eslint-plugin-import-x';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['node_modules/**', 'prisma/generated/**', '.data/**', '.tools/**', 'bench/results/**', '**/*.cjs', '**/*.mjs', 'eslint.config.js'] },
  {
    files: ['**/*.ts'],
    languageOptions: { parser: tseslint.parser, parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    plugins: { '@typescript-eslint': tseslint.plugin, 'import-x': importX },
    settings: {
      'import-x/resolver-next': [createNodeResolver({ extensions: ['.ts', '.js', '.json'] })],
      'import-x/parsers': { '@typescript-eslint/parser': ['.ts'] },
    },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
      'import-x/no-cycle': ['error', { ignoreExternal: true }],
    },
  },
  {
    files: ['workflows/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: ['node:*'], message: 'Workflow code runs in a deterministic sandbox: no Node built-ins.' },
            { group: ['@prisma/*', '**/prisma/**', 'nodemailer', 'pg'], message: 'Side effects belong in activities.' },
            { group: ['**/activities', '**/activities/**'], message: 'Import activities as types only, through proxyActivities.', allowTypeImports: true },
          ],
          paths: ['fs', 'path', 'crypto', 'child_process', 'http', 'net'],
        },
      ],
      'no-restricted-globals': ['error', { name: 'process', message: 'Workflow code must not read the environment.' }],
    },
  },
);

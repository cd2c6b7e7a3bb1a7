// The rules STYLE.md names: promises are awaited, type-only imports say so, modules form no cycles, imports run one way
// between the layers, and workflow code imports nothing that would break determinism or the bundle.
import importX, { createNodeResolver } from 'eslint-plugin-import-x';
import tseslint from 'typescript-eslint';

/** What may not import what: the pure modules no infrastructure, the application layer no HTTP or process wiring. */
const PURE = ['./parser', './domain', './calendar', './scoring', './report'];
const INFRASTRUCTURE = ['./prisma', './services', './activities', './outbox', './api', './stack', './worker'];
const LAYERS = [
  ...PURE.map((target) => ({ target, from: INFRASTRUCTURE, message: 'Pure modules import no infrastructure (STYLE.md, The house).' })),
  { target: './calendar', from: './domain', message: 'domain/ may import calendar/, not the reverse.' },
  { target: './services', from: ['./api', './stack'], message: 'services/ is the application layer: it imports no HTTP (api/) or process wiring (stack/).' },
];

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
      'import-x/no-restricted-paths': ['error', { basePath: import.meta.dirname, zones: LAYERS }],
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

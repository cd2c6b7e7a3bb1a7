import { ESLint } from 'eslint';
import { describe, expect, test } from 'vitest';

/**
 * The layers are ESLint's to enforce (eslint.config.js, import-x/no-restricted-paths): a file placed in a layer that
 * imports what the layer may not is an error, and one that imports what it may is clean. The files are linted as text
 * under the path they would have, with the repository's own configuration; only type-aware parsing is off, as the
 * probes are in no tsconfig project (the layer rule reads paths, not types).
 */
const eslint = new ESLint({
  cwd: process.cwd(),
  overrideConfig: [
    { files: ['**/*.ts'], languageOptions: { parserOptions: { projectService: false } }, rules: { '@typescript-eslint/no-floating-promises': 'off' } },
  ],
});

async function layerProblems(filePath: string, from: string): Promise<string[]> {
  const [result] = await eslint.lintText(`import { x } from '${from}';\nexport const y = x;\n`, { filePath });
  return result!.messages.map((m) => `${m.ruleId}: ${m.message}`);
}

describe('layers', () => {
  test.each([
    ['domain/probe.ts', '../prisma/client'],
    ['domain/probe.ts', '../services/plans/import-plan'],
    ['parser/probe.ts', '../activities/index'],
    ['scoring/probe.ts', '../api/errors'],
    ['report/probe.ts', '../services/scoring/load-scoring-input'],
    ['calendar/probe.ts', '../stack/database'],
    ['domain/probe.ts', '../outbox/messages'],
    ['calendar/probe.ts', '../worker/main'],
    ['calendar/probe.ts', '../domain/dates'],
    ['services/plans/probe.ts', '../../api/errors'],
    ['services/probe.ts', '../stack/temporal-client'],
  ])('%s may not import %s', async (file, from) => {
    expect(await layerProblems(file, from)).toEqual([expect.stringMatching(/^import-x\/no-restricted-paths: Unexpected path/)]);
  });

  test.each([
    ['domain/probe.ts', '../calendar/working-days'],
    ['report/probe.ts', '../scoring/types'],
    ['services/plans/probe.ts', '../../domain/schedule'],
    ['services/plans/probe.ts', '../../prisma/client'],
    ['api/probe.ts', '../services/plans/import-plan'],
    ['cli/probe.ts', '../stack/temporal-client'],
  ])('%s may import %s', async (file, from) => {
    expect(await layerProblems(file, from)).toEqual([]);
  });
});

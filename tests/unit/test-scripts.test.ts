import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, test } from 'vitest';

/**
 * The npm scripts name test folders by path and vitest passes no suite that finds no file, so a folder renamed
 * without its script fails the run. What the run cannot see is a folder of tests no script names: those would never
 * run in CI. Both directions are checked here.
 */
const root = process.cwd();
const scripts = (JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')) as { scripts: Record<string, string> }).scripts;

/** The folders each `vitest run` script names, flags left out. */
function foldersRun(): Map<string, string> {
  const run = new Map<string, string>();
  for (const [name, command] of Object.entries(scripts)) {
    const words = command.split(/\s+/);
    const at = words.indexOf('vitest');
    if (at < 0 || words[at + 1] !== 'run') continue;
    for (const word of words.slice(at + 2)) if (!word.startsWith('-')) run.set(word, name);
  }
  return run;
}

function holdsTests(folder: string): boolean {
  return readdirSync(path.join(root, folder), { recursive: true, encoding: 'utf8' }).some((f) => f.endsWith('.test.ts'));
}

describe('test scripts', () => {
  test('no script lets a suite pass with no test in it', () => {
    expect(Object.entries(scripts).filter(([, command]) => command.includes('--passWithNoTests'))).toEqual([]);
  });

  test('every folder a script runs holds tests', () => {
    const folders = [...foldersRun().keys()];
    expect(folders.length).toBeGreaterThan(5);
    expect(folders.filter((folder) => !holdsTests(folder))).toEqual([]);
  });

  test('every folder of tests is run by a script', () => {
    const run = [...foldersRun().keys()];
    const testFolders = readdirSync(path.join(root, 'tests'), { withFileTypes: true })
      .filter((entry) => entry.isDirectory() && holdsTests(path.join('tests', entry.name)))
      .map((entry) => `tests/${entry.name}`);
    expect(testFolders.filter((folder) => !run.some((r) => folder === r || folder.startsWith(`${r}/`)))).toEqual([]);
  });
});

import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, test } from 'vitest';

/**
 * ARCHITECTURE.md is a newcomer's map: a path it names that has moved sends them nowhere. Paths are what it writes in
 * backticks, and the words of its fenced blocks, that look like a file or a folder of the repository.
 */
const root = process.cwd();
const text = readFileSync(path.join(root, 'ARCHITECTURE.md'), 'utf8');

/** A repository path: words of path characters joined by '/', or one file name with an extension we keep. */
const PATH = /^(?:[\w.-]+\/)+(?:[\w.-]+)?$|^[\w-]+(?:\.[\w-]+)*\.(?:ts|mjs|js|json|md|prisma)$/;

function namedPaths(markdown: string): string[] {
  const fenced = [...markdown.matchAll(/^```[^\n]*\n([\s\S]*?)^```/gm)].map((m) => m[1]!);
  const prose = fenced.reduce((rest, block) => rest.replace(block, ''), markdown);
  const spans = [...prose.matchAll(/`([^`\n]+)`/g)].map((m) => m[1]!);
  const words = fenced.flatMap((block) => block.split(/[\s;,()]+/));
  return [...new Set([...spans, ...words].filter((w) => PATH.test(w) && !w.startsWith('/')))];
}

describe('ARCHITECTURE.md', () => {
  test('reads the paths it names in backticks and in its blocks, and nothing else', () => {
    expect(namedPaths('see `api/routes/` and `npm run lint` and `eslint.config.js`, not /api/x\n```\nlib/  the ground\n```\n')).toEqual([
      'api/routes/',
      'eslint.config.js',
      'lib/',
    ]);
  });

  test('every path it names exists', () => {
    const named = namedPaths(text);
    expect(named.length).toBeGreaterThan(50);
    expect(named.filter((p) => !existsSync(path.join(root, p)))).toEqual([]);
  });

  test('it names every room: each top-level folder the repository tracks', () => {
    const named = namedPaths(text);
    const tracked = execFileSync('git', ['ls-files'], { cwd: root, encoding: 'utf8' }).split('\n');
    const folders = [...new Set(tracked.filter((f) => f.includes('/') && !f.startsWith('.')).map((f) => f.split('/')[0]!))];
    expect(folders.length).toBeGreaterThan(15);
    expect(folders.filter((folder) => !named.some((p) => p.startsWith(`${folder}/`)))).toEqual([]);
  });
});

import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { buffer } from 'node:stream/consumers';
import { Client, Connection } from '@temporalio/client';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../lib/config';
import { parseSecretKey, seal, unseal } from '../../lib/secret-box';
import { createDb } from '../../prisma/client';
import type { TPlanStatus } from '../../services/plans/plan-status';
import { openFileStore } from '../../services/files/file-store';
import { measureWorkflowId } from '../../workflows/measure/definitions';
import { runDuban } from '../support/cli';
import { samplePdf } from '../support/sample-files';
import { ports, processesUsing, startUp, stopUp } from '../support/up';
import { waitFor } from '../support/wait-for';

// `duban backup` and `duban restore` of the embedded stack: a plan launched, reported on and scored, and an uploaded
// file, backed up from the stopped stack and restored into another folder, where the same stack starts and goes on.

const root = mkdtempSync(path.join(os.tmpdir(), 'duban-backup-'));
const folderA = path.join(root, 'a');
const folderB = path.join(root, 'b');
const archive = path.join(root, 'duban.tar.gz');

/** What a person would compare: plans, scores and stored files, read from the stack's own database. */
async function snapshot(pgliteUrl: string) {
  const client = new pg.Client({ connectionString: pgliteUrl });
  await client.connect();
  try {
    const rows = async (sql: string) => (await client.query(sql)).rows;
    return {
      plans: await rows('select "id", "title", "status", "scoresOwed" from "Plan" order by "id"'),
      assignments: await rows('select "id", "measureId", "unitId", "role" from "Assignment" order by "id"'),
      reports: await rows('select "id", "assignmentId", "percent", "narrative" from "ProgressReport" order by "id"'),
      scores: await rows('select "planId", "scope", "subjectId", "points", "grade", "computedAt" from "Score" order by "planId", "scope", "subjectId"'),
      files: await rows('select "id", "name", "sha256", "size" from "StoredFile" order by "id"'),
    };
  } finally {
    await client.end();
  }
}

afterAll(() => {
  for (const line of [...processesUsing(folderA), ...processesUsing(folderB)]) process.kill(Number(line.trim().split(/\s+/)[0]), 'SIGKILL');
  rmSync(root, { recursive: true, force: true });
});

describe.sequential('duban backup and duban restore', { timeout: 420_000 }, () => {
  it('a backup of the stopped stack restores the same plans, scores and files, and the restored stack goes on', async () => {
    const env = { ...(await ports()), DUBAN_DATA_DIR: folderA };
    const pgliteUrl = `postgresql://postgres:postgres@127.0.0.1:${env.DUBAN_PGLITE_PORT}/postgres`;
    const report = path.join(root, 'progress.json');
    let before: Awaited<ReturnType<typeof snapshot>>;
    let fileId: string;
    let planId: string;
    let status: TPlanStatus;
    const pdf = await samplePdf('佐证材料：质量月活动总结');

    const up = await startUp(env);
    try {
      expect((await runDuban(['units', 'import', 'seeds/registry.json'], env)).code).toBe(0);
      // The office the plan belongs to, granted as an admin would (a registry grants no roles).
      expect((await runDuban(['people', 'grant', 'coordinator@duban.test', 'coordinator', '--unit', '质量强市工作领导小组办公室'], env)).code).toBe(0);
      planId = JSON.parse((await runDuban(['plan', 'import', 'seeds/sample-plan-2026.txt', '--json'], env)).stdout).planId;
      const launched = await runDuban(['plan', 'launch', planId, '--json'], env);
      expect(launched.code, launched.stderr).toBe(0);
      status = JSON.parse((await runDuban(['plan', 'status', planId, '--json'], env)).stdout) as TPlanStatus;
      const unit = status.measures[0]!.units[0]!;
      const contact = new pg.Client({ connectionString: pgliteUrl });
      await contact.connect();
      const { rows } = await contact.query<{ email: string }>('select "email" from "Person" where "unitId" = $1 and "isContact" limit 1', [unit.unitId]);
      await contact.end();
      writeFileSync(report, JSON.stringify({ status: 'in_progress', percent: 40, narrative: '已完成调研。', submittedBy: rows[0]!.email }));
      const submitted = await runDuban(['progress', 'submit', '--assignment', unit.assignmentId, '--file', report, '--json'], env);
      expect(submitted.code, submitted.stderr).toBe(0);
      await waitFor('the plan scored', async () => (await snapshot(pgliteUrl)).scores.length > 0 && (await snapshot(pgliteUrl)).plans.every((p) => p.scoresOwed === 0), { timeoutMs: 60_000, everyMs: 250 });

      const db = createDb(pgliteUrl, { poolSize: 2 });
      const files = openFileStore(db, loadConfig(env));
      try {
        const uploader = await db.person.findFirstOrThrow({ select: { id: true } });
        fileId = (await files.store(Readable.from([pdf]), { name: '总结.pdf', uploaderId: uploader.id })).id;
        // A unit's robot, sealed as the stack seals it, with the key `duban up` generated in the data folder.
        const keyA = parseSecretKey(readFileSync(path.join(folderA, 'secret-key'), 'utf8'))!;
        const unit = await db.unit.findFirstOrThrow({ select: { id: true } });
        await db.unitChannel.create({ data: { unitId: unit.id, kind: 'wecom', shown: 'robot', sealed: seal(keyA, JSON.stringify({ url: 'https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=backed-up' })) } });
      } finally {
        files.close();
        await db.close();
      }
      before = await snapshot(pgliteUrl);
      expect(before.files).toHaveLength(1);

      // While the stack runs, its database, Temporal and files change apart: no backup is taken then.
      const refused = await runDuban(['backup', archive], env);
      expect(refused.code).toBe(1);
      expect(refused.stderr).toMatch(/正在使用 .* the data folder is in use by process \d+: stop duban up \(Ctrl-C\) first/);
    } finally {
      expect(await stopUp(up)).toBe(0);
    }

    const backedUp = await runDuban(['backup', archive, '--json'], env);
    expect(backedUp.code, backedUp.stderr).toBe(0);
    expect(JSON.parse(backedUp.stdout)).toMatchObject({ parts: { database: true, temporal: true, generation: true, files: true, secretKey: true } });
    expect((await runDuban(['backup', archive], env)).stderr).toMatch(/already exists: .* --force/);

    // Never over a stack's data without --force.
    const over = await runDuban(['restore', archive], env);
    expect(over.code).toBe(1);
    expect(over.stderr).toMatch(/already holds a stack's data \(pglite, temporal\.db, files/);

    const envB = { ...env, DUBAN_DATA_DIR: folderB };
    const restored = await runDuban(['restore', archive], envB);
    expect(restored.code, restored.stderr).toBe(0);

    // The key came along: the restored stack still reads its robots (without it their messages would go by email).
    expect(readFileSync(path.join(folderB, 'secret-key'), 'utf8')).toBe(readFileSync(path.join(folderA, 'secret-key'), 'utf8'));
    const upB = await startUp(envB);
    try {
      expect(await snapshot(pgliteUrl)).toEqual(before!);
      const restoredDb = createDb(pgliteUrl, { poolSize: 1 });
      try {
        const robot = await restoredDb.unitChannel.findFirstOrThrow({ where: { kind: 'wecom', shown: 'robot' } });
        const keyB = parseSecretKey(readFileSync(path.join(folderB, 'secret-key'), 'utf8'))!;
        expect(JSON.parse(unseal(keyB, robot.sealed!))).toEqual({ url: 'https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=backed-up' });
      } finally {
        await restoredDb.close();
      }
      const db = createDb(pgliteUrl, { poolSize: 2 });
      const files = openFileStore(db, loadConfig(envB));
      try {
        expect(await buffer((await files.open(fileId!))!.body)).toEqual(pdf);
      } finally {
        files.close();
        await db.close();
      }
      // Temporal's histories came along: the measures still run, and take a report.
      const connection = await Connection.connect({ address: `127.0.0.1:${envB.TEMPORAL_PORT}` });
      try {
        const measure = status!.measures[0]!;
        const described = await new Client({ connection }).workflow.getHandle(measureWorkflowId(planId!, measure.id)).describe();
        expect(described.status.name).toBe('RUNNING');
      } finally {
        await connection.close();
      }
      const unit = status!.measures[0]!.units[0]!;
      const later = path.join(root, 'progress-later.json');
      writeFileSync(later, readFileSync(report, 'utf8').replace('"percent":40', '"percent":80'));
      const again = await runDuban(['progress', 'submit', '--assignment', unit.assignmentId, '--file', later, '--json'], envB);
      expect(again.code, again.stderr).toBe(0);
      await waitFor('the report on the restored stack', async () => (await snapshot(pgliteUrl)).reports.some((r) => r.assignmentId === unit.assignmentId && r.percent === 80), { timeoutMs: 60_000, everyMs: 250 });

      // Nor over a running stack, even with --force.
      const running = await runDuban(['restore', archive, '--force'], envB);
      expect(running.code).toBe(1);
      expect(running.stderr).toMatch(/in use by process \d+: .*never replaces the data of a running stack/);
    } finally {
      expect(await stopUp(upB)).toBe(0);
    }
    // With --force, the stopped stack's data is replaced by the backup's.
    expect((await runDuban(['restore', archive, '--force'], envB)).code).toBe(0);
  });
});

import { readFile } from 'node:fs/promises';
import { UsageError, UserError } from '../../lib/errors';
import { parseCliArgs, printJson } from '../args';
import { decodeDocument } from '../../parser/decode';
import { assertMeasuresFound, parsePlan } from '../../parser/parse-plan';
import { ZUnitRegistrySchema, type TUnitRegistry } from '../../parser/registry';
import type { TParsedMeasure, TParsedPlan } from '../../parser/schema';

const USAGE = '用法 / usage: duban parse FILE [--json] [--registry UNITS.json]';

export async function run(argv: string[]): Promise<number> {
  const { values, positionals } = parseCliArgs(
    argv,
    { json: { type: 'boolean', default: false }, registry: { type: 'string' } },
    USAGE,
  );
  if (positionals.length !== 1) throw new UsageError(`需要且只需要一个文件 / expected exactly one FILE\n${USAGE}`);
  const file = positionals[0]!;
  const registry = values.registry ? await readRegistry(values.registry) : undefined;
  const text = await decodeDocument(await readInput(file), file);
  const plan = parsePlan(text, { registry });
  assertMeasuresFound(plan);
  if (values.json) printJson(plan);
  else process.stdout.write(summary(plan));
  return 0;
}

async function readInput(file: string): Promise<Buffer> {
  try {
    return await readFile(file);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') throw new UserError(`找不到文件 / file not found: ${file}`);
    if (code === 'EISDIR') throw new UserError(`这是一个目录，不是文件 / not a file but a directory: ${file}`);
    if (code === 'EACCES') throw new UserError(`没有读取权限 / permission denied: ${file}`);
    throw err;
  }
}

async function readRegistry(file: string): Promise<TUnitRegistry> {
  const raw = await readInput(file);
  let json: unknown;
  try {
    json = JSON.parse(raw.toString('utf8'));
  } catch {
    throw new UserError(`单位名录不是有效的 JSON / the registry is not valid JSON: ${file}`);
  }
  const parsed = ZUnitRegistrySchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new UserError(`单位名录格式不对 / the registry does not match its schema: ${issue?.path.join('.')} ${issue?.message}`);
  }
  return parsed.data;
}

function summary(plan: TParsedPlan): string {
  const head = [
    `标题 / title: ${plan.title ?? '（未识别）'}`,
    `发文单位 / issuer: ${plan.issuer ?? '（未识别）'}    日期 / issued: ${plan.issuedOn ?? '（未识别）'}    ${plan.script === 'traditional' ? '繁体' : '简体'}`,
    `措施 / measures: ${plan.measures.length}    提示 / warnings: ${plan.warnings.length}`,
    '',
  ];
  const rows = plan.measures.map(measureLine);
  const warnings = plan.warnings.map((w) => `! ${w.ref ?? ''} ${w.code} ${w.message}`);
  return [...head, ...rows, ...(warnings.length ? ['', ...warnings] : [])].join('\n') + '\n';
}

function measureLine(m: TParsedMeasure): string {
  const who =
    m.responsibility === 'unspecified'
      ? '未标注责任单位'
      : `${m.responsibility === 'lead' ? '牵头' : '共同负责'}: ${m.lead.join('、') || '—'}` +
        (m.cooperating.length ? `；配合: ${m.cooperating.join('、')}` : '');
  const targets = m.targets.map((t) => `${t.indicator}${t.comparator}${t.value}${t.unit}${t.by ? `(${t.by})` : ''}`);
  const deadlines = m.deadlines.length ? `  时限: ${m.deadlines.join('、')}` : '';
  return `${m.ref}  ${m.title}  [${who}]${targets.length ? `  目标: ${targets.join('；')}` : ''}${deadlines}`;
}

import { z } from 'zod';
import { ZUnitChannelSchema } from '../../domain/unit-channels';
import { UserError } from '../../lib/errors';
import { issueText, MESSAGES, say } from '../../lib/messages';
import { ZNoticePrefixSchema } from '../../report/notice-model';
import { fillText, type TText } from '../../lib/text';

const ZPersonRefSchema = z.object({
  name: z.string().trim().min(1).describe('姓名'),
  email: z.email().describe('邮箱, the person’s identity'),
  phone: z.string().trim().min(1).optional(),
});

export const ZRegistryUnitSchema = z.object({
  name: z.string().trim().min(1).describe('单位名称 as plans usually write it'),
  aliases: z.array(z.string().trim().min(1)).default([]).describe('其他写法 / other names'),
  kind: z.enum(['government', 'department', 'agency', 'enterprise', 'other']).default('department'),
  parent: z.string().trim().min(1).optional().describe('上级单位名称'),
  contacts: z.array(ZPersonRefSchema).default([]).describe('联络员: receive notices, reminders and 催办'),
  leader: ZPersonRefSchema.optional().describe('分管领导: receives 督办'),
  channels: z.array(ZUnitChannelSchema).default([]).describe('企业微信/钉钉 robots and SMS numbers: notices, reminders, 催办 and 督办 also go there. A re-import decides the unit’s channels of the kinds listed; kinds not listed keep what the units page set'),
  noticePrefix: ZNoticePrefixSchema.optional().describe('发文机关代字 of an office that issues 通报, e.g. 苏质量办; left out, a re-import keeps the one set'),
});

export const ZRegistryGroupSchema = z.object({
  name: z.string().trim().min(1).describe('group reference as plans write it, e.g. 各成员单位'),
  aliases: z.array(z.string().trim().min(1)).default([]),
  members: z.array(z.string().trim().min(1)).min(1).describe('member unit names'),
  note: z.string().optional().describe('说明 / where the members come from, e.g. an illustrative roster; not stored'),
});

export const ZRegistryPersonSchema = ZPersonRefSchema.extend({
  /** coordinator and admin are read so that the refusal can say where they are granted (checkNoGrants). */
  role: z.enum(['member', 'leader', 'coordinator', 'admin']),
  unit: z.string().trim().min(1).optional(),
});

export const ZRegistryFileSchema = z.object({
  note: z.string().optional().describe('说明 / whose registry this is and what in it is illustrative; not stored'),
  units: z.array(ZRegistryUnitSchema).default([]),
  groups: z.array(ZRegistryGroupSchema).default([]),
  people: z.array(ZRegistryPersonSchema).default([]).describe('coordinators and other people not tied to a unit entry'),
});

/** A registry as read: its people are contacts and leaders only (readRegistryFile refuses any other role). */
export type TRegistryFile = Omit<z.infer<typeof ZRegistryFileSchema>, 'people' | 'units'> & {
  /** A registry built in code (seeds, tests) may leave channels out. */
  units: (Omit<TRegistryUnit, 'channels'> & Partial<Pick<TRegistryUnit, 'channels'>>)[];
  people: (z.infer<typeof ZRegistryPersonSchema> & { role: 'member' | 'leader' })[];
};
export type TRegistryUnit = z.infer<typeof ZRegistryUnitSchema>;

/** Where a record came from, so an error can name the line of a CSV or the record of a JSON file. */
type Located<T> = T & { at: TText };

const lineAt = (line: number): TText => fillText(MESSAGES.csvLine, { line });

export const CSV_COLUMNS = [
  'type',
  'name',
  'aliases',
  'kind',
  'parent',
  'members',
  'contact_name',
  'contact_email',
  'contact_phone',
  'leader_name',
  'leader_email',
  'notice_prefix',
] as const;

/** RFC 4180 fields: quotes, doubled quotes, commas and newlines inside quotes. Returns rows with their line numbers. */
function parseCsv(text: string): { line: number; cells: string[] }[] {
  const rows: { line: number; cells: string[] }[] = [];
  let cells: string[] = [];
  let cell = '';
  let quoted = false;
  let line = 1;
  let rowLine = 1;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else {
        if (ch === '\n') line++;
        cell += ch;
      }
    } else if (ch === '"' && cell === '') quoted = true;
    else if (ch === ',') {
      cells.push(cell);
      cell = '';
    } else if (ch === '\n' || ch === '\r') {
      if (ch === '\r' && text[i + 1] === '\n') i++;
      cells.push(cell);
      if (cells.some((c) => c.trim() !== '')) rows.push({ line: rowLine, cells });
      cells = [];
      cell = '';
      line++;
      rowLine = line;
    } else cell += ch;
  }
  if (quoted) throw new UserError(say('csvUnterminatedQuote', { at: lineAt(rowLine) }));
  cells.push(cell);
  if (cells.some((c) => c.trim() !== '')) rows.push({ line: rowLine, cells });
  return rows;
}

const list = (s: string | undefined) =>
  (s ?? '')
    .split(/[|;；、]/)
    .map((x) => x.trim())
    .filter(Boolean);

function fromCsv(text: string): { file: unknown; locate: (path: PropertyKey[]) => TText | string } {
  const rows = parseCsv(text);
  const header = rows.shift();
  if (!header) throw new UserError(say('csvEmpty'));
  const names = header.cells.map((c) => c.trim().toLowerCase());
  const missing = ['type', 'name'].filter((c) => !names.includes(c));
  if (missing.length) {
    throw new UserError(say('csvMissingColumns', { at: lineAt(1), columns: missing, expected: CSV_COLUMNS.join(',') }));
  }
  const units: Located<Record<string, unknown>>[] = [];
  const groups: Located<Record<string, unknown>>[] = [];
  for (const row of rows) {
    const get = (col: (typeof CSV_COLUMNS)[number]) => {
      const i = names.indexOf(col);
      return i >= 0 ? row.cells[i]?.trim() || undefined : undefined;
    };
    const type = get('type');
    const at = lineAt(row.line);
    if (type === 'unit') {
      units.push({
        at,
        name: get('name'),
        aliases: list(get('aliases')),
        kind: get('kind'),
        parent: get('parent'),
        contacts: get('contact_email') ? [{ name: get('contact_name') ?? get('contact_email'), email: get('contact_email'), phone: get('contact_phone') }] : [],
        leader: get('leader_email') ? { name: get('leader_name') ?? get('leader_email'), email: get('leader_email') } : undefined,
        noticePrefix: get('notice_prefix'),
      });
    } else if (type === 'group') {
      groups.push({ at, name: get('name'), aliases: list(get('aliases')), members: list(get('members')) });
    } else {
      throw new UserError(say('registryBadType', { at, got: JSON.stringify(type ?? '') }));
    }
  }
  const locate = (path: PropertyKey[]) => {
    const [section, index] = path;
    const rec = (section === 'units' ? units : groups)[Number(index)];
    return rec?.at ?? 'CSV';
  };
  const strip = ({ at: _at, ...rest }: Located<Record<string, unknown>>) => rest;
  return { file: { units: units.map(strip), groups: groups.map(strip), people: [] }, locate };
}

function fromJson(text: string): { file: unknown; locate: (path: PropertyKey[]) => TText | string } {
  let file: unknown;
  try {
    file = JSON.parse(text);
  } catch (err) {
    throw new UserError(say('jsonMalformed', { error: (err as Error).message }));
  }
  const locate = (path: PropertyKey[]) => {
    const [section, index] = path;
    if (typeof index !== 'number') return fillText(MESSAGES.jsonField, { field: String(section) });
    const rec = (file as Record<string, { name?: string }[]>)[String(section)]?.[index];
    return `${String(section)}[${index}]${rec?.name ? ` (${rec.name})` : ''}`;
  };
  return { file, locate };
}

/**
 * Reads a registry file (JSON, or CSV with columns {@link CSV_COLUMNS}) and checks it completely before anything is
 * written: every error names the line or record at fault.
 */
export function readRegistryFile(text: string, fileName: string): TRegistryFile {
  const body = text.replace(/^\uFEFF/, '');
  if (!body.trim()) throw new UserError(say('registryEmpty'));
  const isCsv = /\.csv$/i.test(fileName) || (!/\.json$/i.test(fileName) && !body.trimStart().startsWith('{'));
  const { file, locate } = isCsv ? fromCsv(body) : fromJson(body);
  const parsed = ZRegistryFileSchema.safeParse(file);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const field = issue.path.slice(2).join('.');
    throw new UserError(say('registryInvalid', { at: locate(issue.path), field: field ? ` ${field}` : '', issue: issueText(issue.message) ?? issue.message }));
  }
  checkReferences(parsed.data);
  return checkNoGrants(parsed.data, locate);
}

/** A registry names contacts and leaders; the roles that act on plans are an admin's to grant (services/people). */
function checkNoGrants(file: z.infer<typeof ZRegistryFileSchema>, locate: (path: PropertyKey[]) => TText | string): TRegistryFile {
  const i = file.people.findIndex((p) => p.role === 'coordinator' || p.role === 'admin');
  if (i >= 0) throw new UserError(say('registryGrantsNoRoles', { at: locate(['people', i]), role: file.people[i]!.role }));
  return file as TRegistryFile;
}

/** A name or alias may stand for one unit or group only. */
function checkReferences(file: z.infer<typeof ZRegistryFileSchema>): void {
  const owner = new Map<string, string>();
  const claim = (name: string, by: string) => {
    const prev = owner.get(name);
    if (prev && prev !== by) throw new UserError(say('nameClaimedTwice', { name, first: prev, second: by }));
    owner.set(name, by);
  };
  for (const u of file.units) for (const n of [u.name, ...u.aliases]) claim(n, `unit ${u.name}`);
  for (const g of file.groups) for (const n of [g.name, ...g.aliases]) claim(n, `group ${g.name}`);
}

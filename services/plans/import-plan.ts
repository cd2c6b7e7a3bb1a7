import type { Db } from '../../prisma/client';
import { assertMeasuresFound, normaliseSource } from '../../parser/parse-plan';
import type { TUnitRegistry } from '../../parser/registry';
import type { TComparator, TParsedPlan } from '../../parser/schema';
import { shanghaiDate, shanghaiMidnight } from '../../calendar/working-days';
import { finalDueOf } from '../../domain/final-due';
import { namedSchedule } from '../../domain/named-schedule';
import { namedAnnualSummary } from '../../domain/annual-summary';
import { importedPeriod } from '../../domain/plan-period';
import type { TStoredWarning } from '../../domain/plan-warnings';
import { AppError, UserError } from '../../lib/errors';
import { say } from '../../lib/messages';
import { defaultPlanSettings } from '../../domain/plan-settings';
import type { TAuditAction } from '../audit-actions';
import { planScope, type TPerson } from '../access/scope';
import { parsePlanOffThread } from './parse-off-thread';
import type { TPlanSource } from './plan-document';

export type ImportPlanInput = {
  /** Pasted text, or an uploaded file's bytes (UTF-8, GBK/GB18030 or .docx), within PLAN_LIMITS (plan-document.ts). */
  source: TPlanSource;
  fileName?: string;
  /** The plan's first year; default: the year of issue, else the one its title names, else the current year. */
  year?: number;
  /** Import it even if the same document is already a plan for the same year (a deliberate second copy). */
  again?: boolean;
  /**
   * Who imports: a coordinator, whose office the plan then belongs to; or the operator (command line, seeds,
   * benchmarks), who names the office (`duban plan import --office`; see officeForOperator).
   */
  by: { person: TPerson } | { label: string; officeUnitId: string | null };
};

export type ImportPlanResult = {
  planId: string;
  title: string;
  year: number;
  /** The period the plan runs, from and to (ISO dates). */
  period: { from: string; to: string };
  measures: number;
  warnings: TStoredWarning[];
  /** Measures that will go to the coordinator's unit until someone names a unit. */
  unassigned: { ref: string; reason: 'unspecified' | 'unresolved' }[];
};

export type TPlanAlreadyImported = { planId: string; title: string; year: number; status: string; importedAt: string };

/**
 * The same document is already a plan for the same year: most often a form sent twice or a file chosen again by
 * mistake, which would leave a second draft beside the first. Importing it anyway takes `again`.
 */
export class PlanAlreadyImportedError extends AppError {
  constructor(readonly existing: TPlanAlreadyImported) {
    super('PLAN_ALREADY_IMPORTED', say('alreadyImported', existing), existing);
    this.name = 'PlanAlreadyImportedError';
  }
}

/** Plan imports take turns, so that two posts of one form cannot both find no earlier copy. Any constant key serves. */
const IMPORT_LOCK_KEY = 0x64756261;

const COMPARATOR = { '>=': 'gte', '>': 'gt', '<': 'lt', '<=': 'lte', '=': 'eq' } as const satisfies Record<TComparator, string>;

/** The registry in the shape the parser resolves names against. */
export async function loadParserRegistry(db: Db): Promise<TUnitRegistry> {
  const [units, groups] = await Promise.all([
    db.unit.findMany({ select: { name: true, aliases: { select: { alias: true } } } }),
    db.unitGroup.findMany({ select: { name: true, aliases: true } }),
  ]);
  return {
    units: units.map((u) => ({ name: u.name, aliases: u.aliases.map((a) => a.alias) })),
    groups: groups.map((g) => ({ name: g.name, aliases: g.aliases })),
  };
}

/**
 * Parses a plan document against the unit registry and stores it as a draft for review: the plan, its measures,
 * each responsible party as written (resolved to a unit or group where the registry knows it), targets and deadlines.
 * A document without measures is refused, and so is one already imported for the same year unless `again` is set
 * (a cancelled plan does not count). Everything is written in one transaction.
 */
export async function importPlan(db: Db, input: ImportPlanInput): Promise<ImportPlanResult> {
  // Decoded and parsed on a thread of its own: a large plan takes the parser a second, which the process's other
  // answers, activities and timers must not wait for.
  const { text, source, parsed } = await parsePlanOffThread({ source: input.source, fileName: input.fileName, registry: await loadParserRegistry(db) });
  assertMeasuresFound(parsed);
  const year = input.year ?? yearOf(parsed);
  const title = parsed.title ?? input.fileName ?? `${year}年计划`;
  const { period, conflict } = importedPeriod(parsed.period, year);
  const settings = defaultPlanSettings(period);
  const schedule = namedSchedule(parsed.reporting, settings.period) ?? settings.schedule;
  const annualSummary = namedAnnualSummary(parsed.reporting) ?? settings.annualSummary;
  const warnings: TStoredWarning[] = [...parsed.warnings];
  // The first year given wins over the plan's own years, and the review page says so until a coordinator accepts it.
  if (conflict) {
    warnings.push({
      code: 'FIRST_YEAR_AFTER_PLAN',
      message: `导入时指定首年为${year}年，晚于计划写明的“${conflict.text}”${conflict.ref ? `（${conflict.ref}）` : ''}：实施期限按${year}年计，目标年份未改；如需整体顺延，请在启动时选择顺延`,
      ref: null,
    });
  }
  const planEnd = settings.period.to;

  const [units, groups] = await Promise.all([db.unit.findMany({ select: { id: true, name: true } }), db.unitGroup.findMany({ select: { id: true, name: true } })]);
  const office = 'person' in input.by ? input.by.person.unitId : input.by.officeUnitId;
  const unitId = new Map(units.map((u) => [u.name, u.id]));
  const groupId = new Map(groups.map((g) => [g.name, g.id]));

  const unassigned: ImportPlanResult['unassigned'] = [];
  const planId = await db.$transaction(
    async (tx) => {
      if (!input.again) {
        await tx.$executeRaw`SELECT pg_advisory_xact_lock(${IMPORT_LOCK_KEY})`;
        // Compared as the parser reads them: pasted through a browser form, a text arrives with CRLF line ends, the
        // same file uploaded with LF. A year holds a few plans, so reading their texts costs little.
        // Only the importer's own plans count: another office's copy is that office's business, and naming it here
        // would tell one office what another has imported.
        const sameYear = await tx.plan.findMany({
          where: { year, status: { not: 'cancelled' }, ...('person' in input.by ? planScope(input.by.person) : {}) },
          orderBy: { createdAt: 'desc' },
          select: { id: true, title: true, year: true, status: true, createdAt: true, sourceText: true },
        });
        const earlier = sameYear.find((p) => normaliseSource(p.sourceText) === source);
        if (earlier) {
          throw new PlanAlreadyImportedError({ planId: earlier.id, title: earlier.title, year: earlier.year, status: earlier.status, importedAt: shanghaiDate(earlier.createdAt) });
        }
      }
      const plan = await tx.plan.create({
        data: {
          title,
          issuer: parsed.issuer,
          issuedOn: parsed.issuedOn ? new Date(`${parsed.issuedOn}T00:00:00Z`) : null,
          year,
          script: parsed.script,
          sourceName: input.fileName ?? null,
          sourceText: text,
          period: settings.period,
          reportingNamed: parsed.reporting,
          schedule,
          annualSummary,
          ladder: settings.ladder,
          rubric: settings.rubric,
          coordinatorUnitId: office,
          warnings,
        },
      });
      // Three statements for the whole plan, not a nested create per measure: a 300-measure plan is imported in
      // well under a second, before any of its measures can launch.
      const measures = await tx.measure.createManyAndReturn({
        data: parsed.measures.map((m, seq) => ({
          planId: plan.id,
          ref: m.ref,
          seq,
          title: m.title,
          text: m.text,
          responsibility: m.responsibility,
          due: new Date(shanghaiMidnight(finalDueOf({ deadlines: m.deadlines, targets: m.targets, planEnd }))),
          deadlines: m.deadlines.map((d) => new Date(`${d}T00:00:00Z`)),
          spanStart: m.span.start,
          spanEnd: m.span.end,
        })),
        select: { id: true, seq: true },
      });
      const measureId = new Map(measures.map((m) => [m.seq, m.id]));
      const parties = parsed.measures.flatMap((m, seq) => {
        // The same name twice in one role (a document's slip) is one party.
        const seen = new Set<string>();
        return m.units.flatMap((u, position) => {
          const key = `${u.role}|${u.name}`;
          if (seen.has(key)) return [];
          seen.add(key);
          return [
            {
              measureId: measureId.get(seq)!,
              role: u.role,
              position,
              name: u.name,
              unitId: u.kind === 'unit' && u.resolvedTo ? (unitId.get(u.resolvedTo) ?? null) : null,
              groupId: u.kind === 'group' && u.resolvedTo ? (groupId.get(u.resolvedTo) ?? null) : null,
            },
          ];
        });
      });
      const targets = parsed.measures.flatMap((m, seq) =>
        m.targets.map((t, position) => ({
          measureId: measureId.get(seq)!,
          position,
          text: t.text,
          indicator: t.indicator,
          comparator: COMPARATOR[t.comparator],
          value: t.value,
          unit: t.unit,
          by: t.by,
          milestones: t.milestones ?? [],
          baseline: t.baseline?.value ?? null,
          baselineYear: t.baseline?.year ?? null,
        })),
      );
      if (parties.length) await tx.measureParty.createMany({ data: parties });
      if (targets.length) await tx.target.createMany({ data: targets });
      for (const m of parsed.measures) {
        if (m.responsibility === 'unspecified') unassigned.push({ ref: m.ref, reason: 'unspecified' });
        else if (m.units.some((u) => u.resolvedTo === null)) unassigned.push({ ref: m.ref, reason: 'unresolved' });
      }
      await tx.auditEvent.create({
        data: {
          actorId: 'person' in input.by ? input.by.person.id : null,
          actorLabel: 'person' in input.by ? 'web' : input.by.label,
          action: 'plan.import' satisfies TAuditAction,
          subjectType: 'plan',
          subjectId: plan.id,
          planId: plan.id,
          data: {
            title,
            measures: parsed.measures.length,
            warnings: warnings.length,
            fileName: input.fileName ?? null,
            again: input.again ?? false,
            year,
            period: { from: settings.period.from, to: settings.period.to },
          },
        },
      });
      return plan.id;
    },
    { timeout: 120_000, maxWait: 30_000 },
  );
  return { planId, title, year, period: { from: settings.period.from, to: settings.period.to }, measures: parsed.measures.length, warnings, unassigned };
}

/**
 * The office a plan imported by the operator belongs to: the unit named (name or alias), else the one office
 * coordinators sit in; with several, the operator must name one. With no coordinator anywhere yet, none.
 */
export async function officeForOperator(db: Db, name: string | undefined): Promise<string | null> {
  if (name !== undefined) {
    const unit = await db.unit.findFirst({ where: { OR: [{ name }, { aliases: { some: { alias: name } } }] }, select: { id: true } });
    if (!unit) throw new UserError(say('unknownUnit', { name }));
    return unit.id;
  }
  const offices = await db.person.findMany({ where: { role: 'coordinator', unitId: { not: null } }, distinct: ['unitId'], select: { unitId: true, unit: { select: { name: true } } } });
  if (offices.length > 1) throw new UserError(say('nameTheOffice', { offices: offices.map((o) => o.unit!.name).join('、') }));
  return offices[0]?.unitId ?? null;
}

/** The plan's first year when none is given: its issue year, else the year its title names, else this year. */
function yearOf(parsed: TParsedPlan): number {
  if (parsed.issuedOn) return Number(parsed.issuedOn.slice(0, 4));
  const fromTitle = parsed.title?.match(/(19|20)\d{2}(?=年)/)?.[0];
  if (fromTitle) return Number(fromTitle);
  return new Date().getFullYear();
}

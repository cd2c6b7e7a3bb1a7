import { z } from 'zod';
import { renderNoticeIssuedMail, type TNoticeIssuedFacts } from '../../activities/mail/templates';
import { appLink } from '../../lib/config';
import { AppError } from '../../lib/errors';
import { say } from '../../lib/messages';
import { asJson, recipient, writeMessages, type TOutboxMessage } from '../../outbox/messages';
import type { Db, Prisma } from '../../prisma/client';
import { docNumberText, ZNoticeSchema, type TDocNumber, type TNotice } from '../../report/notice-model';
import { renderNoticeDocx } from '../../report/render-notice-docx';
import type { TAuditAction } from '../audit-actions';
import type { TFileStore } from '../files/file-store';
import { officeKey, readNotice, recordOf, refuseIfIssued, type TNoticeRecord } from './notice-record';

type Tx = Prisma.TransactionClient;

export const ZIssueNoticeSchema = z.object({
  version: z.number().int().min(1).optional().describe('the version the office read before issuing; when given, a version since replaced is refused'),
});
export type TIssueNotice = z.input<typeof ZIssueNoticeSchema>;

export type TIssueNoticeDeps = { db: Db; files: Pick<TFileStore, 'store' | 'delete'>; now: () => Date; publicUrl: string };
type TMention = TNoticeIssuedFacts['mention'];

/** The class half of the advisory lock that hands out one office's 文号 of a year one at a time ('note'). */
const SEQUENCE_LOCK_CLASS = 0x6e6f7465;
/** A 文号 taken by another 通报 between reading the next one and recording it: render again with the next. */
class SequenceTaken extends Error {}

/**
 * 印发: the office issues a draft 通报 once its year's results are final (定稿). It is numbered in the office's
 * sequence of the year of its 成文日期 (苏质办〔2026〕3号: the office's 发文机关代字, else its name), rendered as the
 * final Word file, archived in the file store (content-addressed, so the stored file never changes; the notice keeps
 * it from deletion), listed for every unit it was sent to, and mailed through the outbox to each of them: the units it
 * praises or criticises by name and the plan's assessed units it is addressed to (主送), one message per unit, in the
 * transaction that records the issue. Refused in one line, nothing saved: issued already, results not final, a unit
 * named that is not registered, a version since replaced. Audited. The caller has checked the person coordinates the
 * plan.
 */
export async function issueNotice(
  deps: TIssueNoticeDeps,
  planId: string,
  noticeId: string,
  input: TIssueNotice,
  actor: { id: string; label: string },
): Promise<TNoticeRecord> {
  const { version } = ZIssueNoticeSchema.parse(input);
  for (let attempt = 0; ; attempt++) {
    // Everything that can refuse is checked before the file is stored, and again under the locks that record it.
    const plan = await checkIssuable(deps.db, planId, noticeId, version);
    const docNumber: TDocNumber = { prefix: plan.prefix, year: Number(plan.notice.signedOn.slice(0, 4)), seq: await nextSequence(deps.db, plan.office, plan.notice.signedOn) };
    const notice: TNotice = ZNoticeSchema.parse({ ...plan.notice, docNumber });
    const docx = await renderNoticeDocx(notice);
    const number = docNumberText(docNumber);
    const stored = await deps.files.store(
      (async function* () {
        yield docx;
      })(),
      { name: `${number}${notice.title.replace(/\s+/g, '')}.docx`, uploaderId: actor.id },
    );
    try {
      return await deps.db.$transaction(async (tx) => {
        await tx.$executeRaw`SELECT pg_advisory_xact_lock(${SEQUENCE_LOCK_CLASS}::int4, hashtext(${`${plan.office}:${docNumber.year}`})::int4)`;
        const again = await checkIssuable(tx, planId, noticeId, version, true);
        if (again.version !== plan.version) throw new AppError('CONFLICT', say('noticeStale', { version: again.version }));
        if ((await nextSequence(tx, plan.office, notice.signedOn)) !== docNumber.seq) throw new SequenceTaken();
        const at = deps.now();
        const row = await tx.notice.update({
          where: { id: noticeId },
          data: { status: 'issued', content: notice, docPrefix: docNumber.prefix, docYear: docNumber.year, docSeq: docNumber.seq, fileId: stored.id, issuedAt: at, issuedById: actor.id },
        });
        await tx.noticeUnit.createMany({ data: again.units.map((u) => ({ noticeId, unitId: u.id, mention: u.mention })) });
        await writeMessages(tx, await messagesFor(tx, deps.publicUrl, again, notice, number, noticeId, at));
        await tx.auditEvent.create({
          data: {
            actorId: actor.id,
            actorLabel: actor.label,
            action: 'notice.issued' satisfies TAuditAction,
            subjectType: 'notice',
            subjectId: noticeId,
            planId,
            data: { docNumber: number, version: plan.version, fileId: stored.id, units: again.units.length },
          },
        });
        return recordOf(row);
      });
    } catch (err) {
      await deps.files.delete(stored.id).catch(() => {});
      if (!(err instanceof SequenceTaken) || attempt >= 4) throw err;
    }
  }
}

type TIssuable = {
  planId: string;
  notice: TNotice;
  version: number;
  office: string;
  prefix: string;
  planTitle: string;
  coordinatorUnitId: string | null;
  units: { id: string; name: string; mention: TMention }[];
};

async function checkIssuable(db: Tx, planId: string, noticeId: string, version: number | undefined, lock = false): Promise<TIssuable> {
  const record = await readNotice(db, planId, noticeId, lock);
  refuseIfIssued(record);
  if (version !== undefined && version !== record.version) throw new AppError('CONFLICT', say('noticeStale', { version: record.version }));
  const year = await db.assessmentYear.findUnique({ where: { planId_year: { planId, year: record.year } }, select: { stage: true } });
  if (year?.stage !== 'final') throw new AppError('CONFLICT', say('noticeNotFinal', { year: record.year }));
  const plan = await db.plan.findUniqueOrThrow({
    where: { id: planId },
    select: { title: true, coordinatorUnitId: true, coordinatorUnit: { select: { name: true, noticePrefix: true } } },
  });
  const office = await db.notice.findUniqueOrThrow({ where: { id: noticeId }, select: { office: true } });
  return {
    planId,
    notice: record.notice,
    version: record.version,
    office: office.office,
    prefix: plan.coordinatorUnit?.noticePrefix ?? plan.coordinatorUnit?.name ?? record.notice.issuer,
    planTitle: plan.title,
    coordinatorUnitId: plan.coordinatorUnitId,
    units: await unitsOf(db, planId, record.notice),
  };
}

/** The 文号 the draft would be issued under now, for the page to show before the office issues it. */
export async function nextDocNumber(db: Db, planId: string, record: Pick<TNoticeRecord, 'notice'>): Promise<string> {
  const plan = await db.plan.findUniqueOrThrow({ where: { id: planId }, select: { coordinatorUnitId: true, coordinatorUnit: { select: { name: true, noticePrefix: true } } } });
  const prefix = plan.coordinatorUnit?.noticePrefix ?? plan.coordinatorUnit?.name ?? record.notice.issuer;
  const seq = await nextSequence(db, officeKey(plan.coordinatorUnitId), record.notice.signedOn);
  return docNumberText({ prefix, year: Number(record.notice.signedOn.slice(0, 4)), seq });
}

/** The next number of the office's sequence for the year of `signedOn`: one past the highest issued. */
async function nextSequence(db: Tx, office: string, signedOn: string): Promise<number> {
  const { _max } = await db.notice.aggregate({ where: { office, docYear: Number(signedOn.slice(0, 4)) }, _max: { docSeq: true } });
  return (_max.docSeq ?? 0) + 1;
}

/**
 * Whom the 通报 goes to: each unit it names in a 表扬 or 批评 list, found in the registry by name or alias (a name
 * not there is refused, naming it), then every unit the plan assesses (those with work on its measures), addressed.
 */
async function unitsOf(db: Tx, planId: string, notice: TNotice): Promise<TIssuable['units']> {
  const units = new Map<string, TIssuable['units'][number]>();
  for (const section of notice.sections) {
    if (section.kind === 'text') continue;
    for (const { unit: name } of section.units) {
      const unit =
        (await db.unit.findUnique({ where: { name }, select: { id: true, name: true } })) ??
        (await db.unitAlias.findUnique({ where: { alias: name }, select: { unit: { select: { id: true, name: true } } } }))?.unit;
      if (!unit) throw new AppError('VALIDATION_FAILED', say('noticeUnknownUnit', { unit: name }));
      if (!units.has(unit.id)) units.set(unit.id, { ...unit, mention: section.kind });
    }
  }
  const assessed = await db.unit.findMany({
    where: { assignments: { some: { measure: { planId } } } },
    select: { id: true, name: true },
    orderBy: { name: 'asc' },
  });
  for (const unit of assessed) if (!units.has(unit.id)) units.set(unit.id, { ...unit, mention: 'addressed' });
  return [...units.values()];
}

type TAddresses = { unitId: string; contacts: string[] };

/** One email per unit, to its contacts, or to the office (saying so) when it has none on file. */
async function messagesFor(db: Tx, publicUrl: string, issue: TIssuable, notice: TNotice, number: string, noticeId: string, at: Date): Promise<TOutboxMessage[]> {
  const ids = issue.units.map((u) => u.id);
  // Addresses as text: the pg adapter reads an array of citext (Person.email) as one string.
  const contacts = await db.$queryRaw<TAddresses[]>`
    SELECT u."id" AS "unitId", ARRAY(SELECT c."email"::text FROM "Person" c WHERE c."unitId" = u."id" AND c."isContact" ORDER BY c."email") AS "contacts"
    FROM "Unit" u WHERE u."id" = ANY(${ids})`;
  const office = await db.$queryRaw<{ email: string }[]>`
    SELECT c."email"::text AS "email" FROM "Person" c
    WHERE CASE WHEN ${issue.coordinatorUnitId}::text IS NULL THEN c."role" = 'coordinator'
               ELSE c."unitId" = ${issue.coordinatorUnitId} AND (c."isContact" OR c."role" = 'coordinator') END
    ORDER BY c."email"`;
  const officeTo = [...new Set(office.map((o) => o.email))];
  const byUnit = new Map(contacts.map((c) => [c.unitId, [...new Set(c.contacts)]]));
  return issue.units.map((u) => {
    const to = byUnit.get(u.id) ?? [];
    const facts: TNoticeIssuedFacts = {
      planTitle: issue.planTitle,
      unitName: u.name,
      docNumber: number,
      title: notice.title,
      issuer: notice.issuer,
      signedOn: notice.signedOn,
      mention: u.mention,
      link: appLink(publicUrl, '/items#notices'),
      ...(to.length === 0 ? { redirected: 'no-contact' as const } : {}),
    };
    return {
      source: `${noticeId}:notice-issued`,
      recipient: recipient.unit(u.id),
      channel: 'email',
      step: 'notice-issued',
      period: '',
      planId: issue.planId,
      to: to.length ? to : officeTo,
      replyTo: officeTo,
      ...renderNoticeIssuedMail(facts),
      facts: asJson(facts),
      notBefore: at,
    };
  });
}

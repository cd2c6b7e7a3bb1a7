import type { Db } from '../../prisma/client';
import { UserError } from '../../lib/errors';
import { say } from '../../lib/messages';
import type { TRegistryFile } from './registry-file';
import type { TAuditAction } from '../audit-actions';
import { planChannelChanges, type TChannelChange } from './registry-channels';
import { unitChannelRows, type TChannelPolicy } from './unit-channels';

/** Who imports: the person signed in (web, api), or the command line and the seeds with no person. */
export type TImportActor = { id: string | null; label: string };

/** `channels`: what the import did to units' robots and SMS numbers (channelChangeText says each). */
export type ImportUnitsResult = { units: number; groups: number; people: number; channels: TChannelChange[] };

type Tx = Parameters<Parameters<Db['$transaction']>[0]>[0];

/**
 * Loads or updates the unit registry in one transaction: a file with any error writes nothing. A unit's channels
 * (robots, SMS numbers) of the kinds the file lists become the file's, their webhooks sealed under the policy's key;
 * kinds it does not list stay as the units page set them (planChannelChanges).
 * Units and groups are matched by name, people by email; re-running the same file changes nothing.
 * A unit's aliases and a group's members are replaced by what the file says; its 发文机关代字 when the file gives one.
 */
export async function importUnits(db: Db, file: TRegistryFile, actor: TImportActor = { id: null, label: 'cli' }, policy?: TChannelPolicy): Promise<ImportUnitsResult> {
  // Checked in full before anything is written.
  const channels = new Map(file.units.map((u) => [u.name, unitChannelRows(u.name, u.channels ?? [], policy).map((row, i) => ({ row, channel: u.channels![i]! }))]));
  const channelChanges: TChannelChange[] = [];
  return db.$transaction(
    async (tx) => {
      const known = await knownUnitNames(tx);
      for (const u of file.units) for (const n of [u.name, ...u.aliases]) known.set(n, u.name);
      const canonical = (name: string, context: string) => {
        const found = known.get(name);
        if (!found) throw new UserError(say('notInRegistryOrFile', { context, name }));
        return found;
      };
      for (const u of file.units) if (u.parent) canonical(u.parent, `unit ${u.name} parent`);
      for (const g of file.groups) for (const m of g.members) canonical(m, `group ${g.name} member`);

      const people = new Set<string>();
      // A new address becomes a person with what the file says; a person already known keeps their role and office
      // (only an admin's grant changes those; emails are citext, so any case finds them) and is a unit's contact only in their own unit.
      const upsertPerson = async (p: { name: string; email: string; phone?: string }, data: { role: 'member' | 'leader'; unitId?: string; isContact?: boolean }) => {
        people.add(p.email.toLowerCase());
        const known = await tx.person.findUnique({ where: { email: p.email }, select: { id: true, unitId: true } });
        if (!known) return tx.person.create({ data: { name: p.name, email: p.email, phone: p.phone ?? null, ...data } });
        const contact = data.isContact && data.unitId !== undefined && data.unitId === known.unitId ? { isContact: true } : {};
        return tx.person.update({ where: { id: known.id }, data: { name: p.name, phone: p.phone ?? null, ...contact } });
      };

      const ids = new Map<string, string>();
      for (const u of file.units) {
        const leader = u.leader ? await upsertPerson(u.leader, { role: 'leader' }) : null;
        const unit = await tx.unit.upsert({
          where: { name: u.name },
          create: { name: u.name, kind: u.kind, leaderId: leader?.id ?? null, noticePrefix: u.noticePrefix ?? null },
          // A 发文机关代字 left out of the file keeps the one set on the units page.
          update: { kind: u.kind, ...(leader ? { leaderId: leader.id } : {}), ...(u.noticePrefix ? { noticePrefix: u.noticePrefix } : {}) },
        });
        ids.set(u.name, unit.id);
        const taken = await tx.unitAlias.findMany({ where: { alias: { in: u.aliases }, unitId: { not: unit.id } }, include: { unit: true } });
        if (taken[0]) {
          throw new UserError(say('aliasTaken', { alias: taken[0].alias, unit: taken[0].unit.name }));
        }
        await tx.unitAlias.deleteMany({ where: { unitId: unit.id } });
        if (u.aliases.length) await tx.unitAlias.createMany({ data: u.aliases.map((alias) => ({ alias, unitId: unit.id })) });
        for (const c of u.contacts) await upsertPerson(c, { role: 'member', unitId: unit.id, isContact: true });
        const stored = await tx.unitChannel.findMany({ where: { unitId: unit.id }, select: { id: true, kind: true, sealed: true, phones: true, shown: true }, orderBy: { createdAt: 'asc' } });
        const plan = planChannelChanges(u.name, stored, channels.get(u.name)!, policy);
        if (plan.remove.length) await tx.unitChannel.deleteMany({ where: { id: { in: plan.remove } } });
        for (const { id, row } of plan.update) await tx.unitChannel.update({ where: { id }, data: { ...row, sealed: row.sealed ?? null, brokenSince: null, lastError: null } });
        if (plan.create.length) await tx.unitChannel.createMany({ data: plan.create.map((r) => ({ ...r, unitId: unit.id })) });
        channelChanges.push(...plan.changes);
      }
      const idOf = async (name: string) => {
        const canon = canonical(name, 'reference');
        const cached = ids.get(canon);
        if (cached) return cached;
        const unit = await tx.unit.findUniqueOrThrow({ where: { name: canon } });
        ids.set(canon, unit.id);
        return unit.id;
      };
      for (const u of file.units) {
        await tx.unit.update({ where: { name: u.name }, data: { parentId: u.parent ? await idOf(u.parent) : null } });
      }
      for (const g of file.groups) {
        const group = await tx.unitGroup.upsert({
          where: { name: g.name },
          create: { name: g.name, aliases: g.aliases },
          update: { aliases: g.aliases },
        });
        await tx.unitGroupMember.deleteMany({ where: { groupId: group.id } });
        const members = [...new Set(await Promise.all(g.members.map(idOf)))];
        await tx.unitGroupMember.createMany({ data: members.map((unitId) => ({ groupId: group.id, unitId })) });
      }
      for (const p of file.people) {
        await upsertPerson(p, { role: p.role, ...(p.unit ? { unitId: await idOf(p.unit) } : {}) });
      }
      await tx.auditEvent.create({
        data: {
          actorId: actor.id,
          actorLabel: actor.label,
          action: 'units.import' satisfies TAuditAction,
          subjectType: 'registry',
          subjectId: 'registry',
          // The channels as shown (masked), never a webhook key or secret.
          data: { units: file.units.length, groups: file.groups.length, people: people.size, channels: channelChanges },
        },
      });
      return { units: file.units.length, groups: file.groups.length, people: people.size, channels: channelChanges };
    },
    { timeout: 120_000, maxWait: 30_000 },
  );
}

async function knownUnitNames(tx: Tx): Promise<Map<string, string>> {
  const units = await tx.unit.findMany({ select: { name: true, aliases: { select: { alias: true } } } });
  const known = new Map<string, string>();
  for (const u of units) {
    known.set(u.name, u.name);
    for (const a of u.aliases) known.set(a.alias, u.name);
  }
  return known;
}

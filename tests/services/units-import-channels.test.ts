import { afterAll, beforeAll, expect, it } from 'vitest';
import { newSecretKey, parseSecretKey, unseal } from '../../lib/secret-box';
import { sayIn } from '../../lib/text';
import { addUnitChannel } from '../../services/units/add-unit-channel';
import { importUnits } from '../../services/units/import-units';
import { channelChangeText } from '../../services/units/registry-channels';
import { readRegistryFile } from '../../services/units/registry-file';
import { createTestDatabase, type TestDatabase } from '../support/db';

const policy = { allowedHosts: ['qyapi.weixin.qq.com', 'oapi.dingtalk.com'], secretKey: parseSecretKey(newSecretKey())! };
const WECOM_A = 'https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=aaaa-first-key-0001';
const WECOM_B = 'https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=bbbb-second-key-0002';
const DINGTALK = 'https://oapi.dingtalk.com/robot/send?access_token=dddd-page-token-0003';
const DINGTALK_SECRET = 'SECpage0secret0never0shown';

let t: TestDatabase;
beforeAll(async () => {
  t = await createTestDatabase();
});
afterAll(async () => t?.close());

const registry = (channels?: unknown[]) =>
  readRegistryFile(JSON.stringify({ units: [{ name: '区财政局', contacts: [{ name: '李娜', email: 'li.na@example.cn' }], ...(channels ? { channels } : {}) }] }), 'units.json');
const channelsOf = async () => {
  const unit = await t.db.unit.findUniqueOrThrow({ where: { name: '区财政局' } });
  return t.db.unitChannel.findMany({ where: { unitId: unit.id }, orderBy: { kind: 'asc' } });
};
const webhookOf = (sealed: string | null) => (JSON.parse(unseal(policy.secretKey, sealed!)) as { url: string }).url;

it('a re-imported registry decides the kinds of channel it lists, keeps what the units page set for the others, and says what it changed', async () => {
  const first = await importUnits(t.db, registry([{ kind: 'wecom', url: WECOM_A }, { kind: 'sms', phones: ['13800138000'] }]), undefined, policy);
  expect(first.channels.map((c) => sayIn({ text: channelChangeText(c) }, 'zh'))).toEqual([
    '新增 区财政局 的企业微信机器人（https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=aaaa…）',
    '新增 区财政局 的短信号码（138****8000）',
  ]);
  const unit = await t.db.unit.findUniqueOrThrow({ where: { name: '区财政局' } });
  const coordinator = await t.db.person.create({ data: { name: '周协调', email: 'zhou@example.cn', role: 'coordinator' } });
  // A coordinator adds the unit's 钉钉 robot on the units page; the 企业微信 robot later breaks.
  await addUnitChannel({ db: t.db }, policy, { id: coordinator.id, name: coordinator.name, role: 'coordinator', unitId: null }, { unitId: unit.id }, { kind: 'dingtalk', url: DINGTALK, secret: DINGTALK_SECRET });
  const before = await channelsOf();
  const wecom = before.find((c) => c.kind === 'wecom')!;
  await t.db.unitChannel.update({ where: { id: wecom.id }, data: { brokenSince: new Date(), lastError: 'errcode 93000' } });

  // The same file again: nothing changes, the page's robot stays, the broken mark too (it is still the same robot).
  const again = await importUnits(t.db, registry([{ kind: 'wecom', url: WECOM_A }, { kind: 'sms', phones: ['13800138000'] }]), undefined, policy);
  expect(again.channels).toEqual([]);
  expect((await channelsOf()).map((c) => [c.id, c.kind, c.brokenSince !== null])).toEqual(before.map((c) => [c.id, c.kind, c.kind === 'wecom']));

  // A file without channels changes none.
  expect((await importUnits(t.db, registry(), undefined, policy)).channels).toEqual([]);
  expect((await channelsOf()).map((c) => c.id)).toEqual(before.map((c) => c.id));

  // A new 企业微信 key in the file replaces that robot in place (messages owed to it follow) and clears its broken
  // mark; SMS, which the file no longer lists, and the page's 钉钉 robot are kept.
  const replaced = await importUnits(t.db, registry([{ kind: 'wecom', url: WECOM_B }]), { id: coordinator.id, label: 'web' }, policy);
  expect(replaced.channels.map((c) => sayIn({ text: channelChangeText(c) }, 'zh'))).toEqual([
    '替换 区财政局 的企业微信机器人（https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=aaaa… → https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=bbbb…）',
  ]);
  const after = await channelsOf();
  expect(after.map((c) => c.id)).toEqual(before.map((c) => c.id));
  const newWecom = after.find((c) => c.kind === 'wecom')!;
  expect(webhookOf(newWecom.sealed)).toBe(WECOM_B);
  expect(newWecom.brokenSince).toBeNull();
  expect(webhookOf(after.find((c) => c.kind === 'dingtalk')!.sealed)).toBe(DINGTALK);
  expect(after.find((c) => c.kind === 'sms')!.phones).toEqual(['13800138000']);

  // Two 企业微信 robots in the file where the unit has one: the one already there stays, the other is added; one
  // robot named where it had two removes the other.
  const two = await importUnits(t.db, registry([{ kind: 'wecom', url: WECOM_B }, { kind: 'wecom', url: WECOM_A }]), undefined, policy);
  expect(two.channels.map((c) => c.change)).toEqual(['added']);
  const one = await importUnits(t.db, registry([{ kind: 'wecom', url: WECOM_A }]), undefined, policy);
  expect(one.channels.map((c) => sayIn({ text: channelChangeText(c) }, 'zh'))).toEqual(['移除 区财政局 的企业微信机器人（https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=bbbb…）']);
  expect((await channelsOf()).filter((c) => c.kind === 'wecom').map((c) => webhookOf(c.sealed))).toEqual([WECOM_A]);

  // Audited as shown: masked, never a webhook key or secret.
  const audit = await t.db.auditEvent.findMany({ where: { action: 'units.import' }, orderBy: { at: 'asc' } });
  const replacedAudit = audit.find((a) => JSON.stringify(a.data).includes('replaced'))!;
  expect(replacedAudit.actorId).toBe(coordinator.id);
  expect(replacedAudit.data).toMatchObject({ channels: [{ unit: '区财政局', kind: 'wecom', change: 'replaced' }] });
  const written = JSON.stringify(audit.map((a) => a.data));
  for (const secret of ['aaaa-first-key', 'bbbb-second-key', 'dddd-page-token', DINGTALK_SECRET]) expect(written).not.toContain(secret);
});

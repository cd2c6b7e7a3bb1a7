import { describe, expect, it } from 'vitest';
import { maskedUrl, webhookHostProblem } from '../../../domain/unit-channels';
import { newSecretKey, parseSecretKey, seal, unseal } from '../../../lib/secret-box';
import { readRegistryFile } from '../../../services/units/registry-file';

const registryWith = (channels: unknown[]) => JSON.stringify({ units: [{ name: '市财政局', channels }] });
const refusal = (channels: unknown[]) => {
  try {
    readRegistryFile(registryWith(channels), 'r.json');
  } catch (err) {
    return (err as Error).message;
  }
  return null;
};

describe('a unit’s channels in the registry file', () => {
  it.each([
    ['a webhook that is not https', [{ kind: 'wecom', url: 'http://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=k' }], /units\[0\] \(市财政局\) channels\.0\.url：须为 https 地址/],
    ['a 钉钉 secret not starting with SEC', [{ kind: 'dingtalk', url: 'https://oapi.dingtalk.com/robot/send?access_token=t', secret: 'abc123' }], /channels\.0\.secret：钉钉加签密钥以 SEC 开头/],
    ['a phone that is not a mainland mobile', [{ kind: 'sms', phones: ['13800138000', '010-12345678'] }], /channels\.0\.phones\.1：不是大陆手机号/],
    ['an unknown kind', [{ kind: 'fax', url: 'https://x' }], /channels\.0\.kind/],
  ])('refuses %s in one line naming the unit and the field', (_, channels, expected) => {
    const message = refusal(channels);
    expect(message).toMatch(expected);
    expect(message).not.toContain('\n');
  });

  it('takes https webhooks, http only on loopback, and mobiles with +86 or spaces', () => {
    expect(
      refusal([
        { kind: 'wecom', url: 'https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=k' },
        { kind: 'dingtalk', url: 'http://127.0.0.1:9/robot/send?access_token=t', secret: 'SEC0123abc' },
        { kind: 'sms', phones: ['+86 138 0013 8000'] },
      ]),
    ).toBeNull();
  });

  it('allows exact hosts and a domain’s subdomains, nothing else', () => {
    const allowed = ['oapi.dingtalk.com', '.zj.gov.cn'];
    expect(webhookHostProblem('https://oapi.dingtalk.com/robot/send', allowed)).toBeNull();
    expect(webhookHostProblem('https://robot.zj.gov.cn/send', allowed)).toBeNull();
    expect(webhookHostProblem('https://evilzj.gov.cn/send', allowed)).toMatch(/evilzj\.gov\.cn/);
    expect(webhookHostProblem('https://169.254.169.254/latest', allowed)).toMatch(/169\.254\.169\.254/);
  });

  it('never shows a webhook’s key in full', () => {
    expect(maskedUrl('https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=693a91f6-7xxx-4bc4')).toBe('https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=693a…');
  });
});

describe('sealed secrets', () => {
  it('open only with the key that sealed them, and never read the same twice', () => {
    const key = parseSecretKey(newSecretKey())!;
    const a = seal(key, 'SECabc');
    expect(a).not.toBe(seal(key, 'SECabc'));
    expect(unseal(key, a)).toBe('SECabc');
    expect(() => unseal(parseSecretKey(newSecretKey())!, a)).toThrow();
    expect(parseSecretKey('too-short')).toBeNull();
    expect(parseSecretKey('ab'.repeat(32))).toHaveLength(32);
  });
});

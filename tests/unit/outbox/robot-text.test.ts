import { describe, expect, it } from 'vitest';
import { escapeMarkdown, fitBytes, robotMarkdown, utf8Bytes } from '../../../outbox/robot-text';
import { mainlandMobile } from '../../../domain/unit-channels';
import { smsText, SMS_MAX_CHARS } from '../../../outbox/sms-channel';

describe('robot text', () => {
  it('escapes what markdown would read as formatting, and leaves dates and Chinese text as they read', () => {
    expect(escapeMarkdown('# 标题\n- 列表\n> 引用\n1. 第一')).toBe('\\# 标题\n\\- 列表\n\\> 引用\n\\1. 第一');
    expect(escapeMarkdown('**加粗** _斜_ [链接](http://x) `代码` <font color="red">红</font>')).toBe(
      '\\*\\*加粗\\*\\* \\_斜\\_ \\[链接\\](http://x) \\`代码\\` &lt;font color="red">红&lt;/font>',
    );
    expect(escapeMarkdown('2026-07-15前报送（牵头单位）')).toBe('2026-07-15前报送（牵头单位）');
  });

  it('cuts to the byte limit on a character boundary, never leaving a dangling escape', () => {
    const long = '督办'.repeat(3000);
    const cut = fitBytes(long, 4096);
    expect(utf8Bytes(cut)).toBeLessThanOrEqual(4096);
    expect(cut.endsWith('…')).toBe(true);
    expect(cut.replace('…', '')).toMatch(/^(督办)*督?$/);
    expect(fitBytes('ab\\*cdef', 6, '…')).toBe('ab…');
    expect(fitBytes('short', 4096)).toBe('short');
  });

  it('a robot digest lists each message and stays within 4,096 bytes however much plan text it carries', () => {
    const messages = Array.from({ length: 10 }, (_, i) => ({ subject: `【督办】催办：第${i + 1}项`, text: `措施内容：${'加强*质量*监管。'.repeat(80)}` }));
    const md = robotMarkdown(messages, 4096);
    expect(utf8Bytes(md)).toBeLessThanOrEqual(4096);
    expect(md.startsWith('**【督办】催办：第1项**')).toBe(true);
    expect(md).toContain('加强\\*质量\\*监管');
  });
});

describe('SMS text', () => {
  it('accepts mainland mobile numbers only', () => {
    expect(mainlandMobile('13812345678')).toBe('13812345678');
    expect(mainlandMobile('+86 138-1234-5678')).toBe('13812345678');
    for (const bad of ['12812345678', '0571-1234567', '1381234567', '138123456789', '+85291234567']) expect(mainlandMobile(bad)).toBeNull();
  });

  it('is signed 【督办】, carries the link whole, and stays short', () => {
    const link = 'https://duban.example.gov.cn/items/cmabcdefghijklmnop';
    const text = smsText(`【督办】催办：${'市发展改革委“制定质量提升行动方案”'.repeat(5)}`, link);
    expect(text.startsWith('【督办】催办：')).toBe(true);
    expect(text.endsWith(` ${link}`)).toBe(true);
    expect([...text].length).toBeLessThanOrEqual(SMS_MAX_CHARS);
  });
});

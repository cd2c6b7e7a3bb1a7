import { appendFileSync, existsSync, mkdirSync, readFileSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { simpleParser } from 'mailparser';
import { SMTPServer } from 'smtp-server';
import { z } from 'zod';
import { shanghaiTime } from '../calendar/working-days';
import { escapeHtml } from '../lib/escape';

export const ZCapturedMailSchema = z.object({
  id: z.number().int(),
  receivedAt: z.string(),
  from: z.string(),
  to: z.array(z.string()),
  subject: z.string(),
  text: z.string(),
  html: z.string(),
  messageId: z.string().nullable(),
  headers: z.record(z.string(), z.string()),
  /** SMTP deliveries of this message: more than one when a sender repeated it under the same Message-ID. */
  deliveries: z.number().int().min(1).default(1),
});
export type TCapturedMail = z.infer<typeof ZCapturedMailSchema>;

export type MailCapture = {
  smtpUrl: string;
  webUrl: string;
  smtpPort: number;
  messages: () => TCapturedMail[];
  /** Resolves with the first message that matches, or rejects after `timeoutMs` naming what it waited for. */
  waitFor: (match: (m: TCapturedMail) => boolean, timeoutMs?: number, what?: string) => Promise<TCapturedMail>;
  close: () => Promise<void>;
};

type Options = {
  smtpPort?: number;
  webPort?: number;
  host?: string;
  /** A JSON-lines file that keeps every message across restarts; omit to keep them in memory only. */
  storeFile?: string;
};


const repeatBadge = (m: TCapturedMail) =>
  m.deliveries > 1
    ? ` <small title="同一 Message-ID 投递 ${m.deliveries} 次，只保留一封 / delivered ${m.deliveries} times under one Message-ID, kept once">（重复投递 ×${m.deliveries}）</small>`
    : '';

function listPage(messages: TCapturedMail[]): string {
  const rows = [...messages]
    .reverse()
    .map(
      (m) =>
        `<tr><td>${m.id}</td><td>${shanghaiTime(new Date(m.receivedAt), 'second')}</td>` +
        `<td>${escapeHtml(m.to.join(', '))}</td><td><a href="/messages/${m.id}">${escapeHtml(m.subject || '(无主题)')}</a>${repeatBadge(m)}</td></tr>`,
    )
    .join('');
  return `<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>邮件捕获 · 督办</title><meta http-equiv="refresh" content="5">
<style>body{font-family:system-ui,"PingFang SC","Microsoft YaHei",sans-serif;margin:1rem}table{border-collapse:collapse;width:100%}
td,th{border-bottom:1px solid #ddd;padding:.4rem;text-align:left}th{background:#f4f4f4}</style></head>
<body><h1>邮件捕获 <small>Mail capture</small></h1><p>共 ${messages.length} 封 · 仅用于内置演示环境 / embedded default only</p>
<table><thead><tr><th>#</th><th>收到时间</th><th>收件人</th><th>主题</th></tr></thead><tbody>${rows || '<tr><td colspan="4">暂无邮件 / no mail yet</td></tr>'}</tbody></table></body></html>`;
}

function messagePage(m: TCapturedMail): string {
  return `<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>${escapeHtml(m.subject)}</title><style>body{font-family:system-ui,"PingFang SC",sans-serif;margin:1rem}pre{white-space:pre-wrap}
iframe{width:100%;height:60vh;border:1px solid #ccc}</style></head><body><p><a href="/">← 全部邮件</a></p>
<h1>${escapeHtml(m.subject)}</h1><p>发件人 ${escapeHtml(m.from)}<br>收件人 ${escapeHtml(m.to.join(', '))}<br>时间 ${shanghaiTime(new Date(m.receivedAt), 'second')}${repeatBadge(m)}</p>
${m.html ? `<iframe sandbox srcdoc="${escapeHtml(m.html)}"></iframe>` : ''}<h2>纯文本</h2><pre>${escapeHtml(m.text)}</pre></body></html>`;
}

type Listenable = {
  once(event: 'error', listener: (err: Error) => void): unknown;
  removeListener(event: 'error', listener: (err: Error) => void): unknown;
  listen(port: number, host: string, callback: () => void): unknown;
};

const LOOPBACK_NAMES = new Set(['localhost', '127.0.0.1', '[::1]']);

function isLoopback(address: string | undefined): boolean {
  return address !== undefined && (address === '::1' || /^(::ffff:)?127\./.test(address));
}

/** A Host header naming this capture: a loopback name (or the address it listens on) with its port. */
function forThisCapture(header: string | undefined, listeningOn: string, port: number): boolean {
  const match = /^(\[[^\]]+\]|[^:]+):(\d+)$/.exec(header ?? '');
  if (!match || Number(match[2]) !== port) return false;
  const name = match[1]!.toLowerCase();
  return LOOPBACK_NAMES.has(name) || name === listeningOn;
}

function listen(server: Listenable, address: () => AddressInfo, port: number, host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      // Only this rejecter: the server's own error listener (a client's reset mid-message) must stay.
      server.removeListener('error', reject);
      resolve(address().port);
    });
  });
}

/**
 * A real SMTP receiver that keeps every message and shows them on a small web page (and as JSON at /api/messages).
 * The embedded default for `SMTP_URL`, and the receiver tests count emails at.
 *
 * Like a mail store, it keeps one message per Message-ID: Duban's outbox sends each email at least once, and a
 * worker killed between the SMTP server's acceptance and the outbox mark sends it again under the same Message-ID
 * (outbox/dispatcher.ts). The repeat counts in `deliveries`; the first arrival stays the one shown.
 */
export async function startMailCapture(options: Options = {}): Promise<MailCapture> {
  const host = options.host ?? '127.0.0.1';
  const messages: TCapturedMail[] = [];
  const byMessageId = new Map<string, TCapturedMail>();
  /** Stores one delivery: a new message, or one more delivery of a message already kept. */
  const keep = (mail: Omit<TCapturedMail, 'id'>): TCapturedMail => {
    const known = mail.messageId ? byMessageId.get(mail.messageId) : undefined;
    if (known) {
      // A new record, not a change to the old one: lists already handed out stay as they were.
      const repeated = { ...known, deliveries: known.deliveries + 1 };
      messages[known.id - 1] = repeated;
      byMessageId.set(mail.messageId!, repeated);
      return repeated;
    }
    const kept = { ...mail, id: messages.length + 1 };
    messages.push(kept);
    if (kept.messageId) byMessageId.set(kept.messageId, kept);
    return kept;
  };
  if (options.storeFile && existsSync(options.storeFile)) {
    // The file holds every delivery, one per line, so that it only ever grows by appending.
    for (const line of readFileSync(options.storeFile, 'utf8').split('\n')) {
      const parsed = line ? ZCapturedMailSchema.safeParse(JSON.parse(line)) : null;
      if (parsed?.success) keep({ ...parsed.data, deliveries: 1 });
    }
  }
  if (options.storeFile) mkdirSync(path.dirname(options.storeFile), { recursive: true });
  const waiters = new Set<() => void>();

  const smtp = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    size: 10 * 1024 * 1024,
    // On close, a message in flight gets a second to finish; then every connection is dropped. Senders keep pooled
    // connections open, and the default half-minute of a closing server that ignores their commands is not what a
    // stopped receiver looks like.
    closeTimeout: 1_000,
    onData(stream, session, callback) {
      stream.on('error', () => {});
      simpleParser(stream)
        .then((parsed) => {
          const headers: Record<string, string> = {};
          for (const [k, v] of parsed.headers) if (typeof v === 'string') headers[k] = v;
          const delivery = {
            receivedAt: new Date().toISOString(),
            from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
            to: session.envelope.rcptTo.map((r) => r.address),
            subject: parsed.subject ?? '',
            text: parsed.text ?? '',
            html: typeof parsed.html === 'string' ? parsed.html : '',
            messageId: parsed.messageId ?? null,
            headers,
            deliveries: 1,
          };
          const kept = keep(delivery);
          if (options.storeFile) appendFileSync(options.storeFile, JSON.stringify({ ...delivery, id: kept.id }) + '\n');
          for (const wake of waiters) wake();
          callback();
        })
        .catch((err: Error) => callback(err));
    },
  });

  // A client that drops mid-conversation (a killed worker, a reset) is its problem, not the receiver's.
  smtp.on('error', () => {});

  let webPort = 0;
  const web = http.createServer((req, res) => {
    // The page shows every sign-in link sent. A site whose name an attacker points at 127.0.0.1 (DNS rebinding) would
    // be served it as its own: only requests from this machine, for this machine's name and this port, are answered.
    if (!isLoopback(req.socket.remoteAddress) || !forThisCapture(req.headers.host, host, webPort)) {
      res.writeHead(421, { 'content-type': 'text/plain; charset=utf-8' });
      return res.end('421 仅回应发往本机邮件捕获地址的请求 / misdirected: this mail capture answers only requests for its own loopback address');
    }
    const url = new URL(req.url ?? '/', 'http://capture');
    const one = /^\/messages\/(\d+)$/.exec(url.pathname);
    if (url.pathname === '/api/messages') {
      res.writeHead(200, { 'content-type': 'application/json; charset=utf-8' });
      return res.end(JSON.stringify(messages));
    }
    if (one) {
      const m = messages[Number(one[1]) - 1];
      res.writeHead(m ? 200 : 404, { 'content-type': 'text/html; charset=utf-8' });
      return res.end(m ? messagePage(m) : '未找到 / not found');
    }
    if (url.pathname === '/') {
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
      return res.end(listPage(messages));
    }
    res.writeHead(404).end();
  });

  const smtpServer = (smtp as unknown as { server: http.Server }).server;
  const smtpPort = await listen(smtp as unknown as Listenable, () => smtpServer.address() as AddressInfo, options.smtpPort ?? 0, host);
  try {
    webPort = await listen(web, () => web.address() as AddressInfo, options.webPort ?? 0, host);
  } catch (err) {
    await new Promise<void>((r) => smtp.close(() => r()));
    throw err;
  }

  return {
    smtpUrl: `smtp://${host}:${smtpPort}`,
    webUrl: `http://${host}:${webPort}`,
    smtpPort,
    messages: () => [...messages],
    waitFor(match, timeoutMs = 30_000, what = 'a matching email') {
      return new Promise((resolve, reject) => {
        const check = () => {
          const found = messages.find(match);
          if (!found) return false;
          cleanup();
          resolve(found);
          return true;
        };
        const timer = setTimeout(() => {
          cleanup();
          reject(new Error(`no email arrived within ${timeoutMs} ms: waited for ${what}; received ${messages.length}`));
        }, timeoutMs);
        const cleanup = () => {
          clearTimeout(timer);
          waiters.delete(wake);
        };
        const wake = () => void check();
        if (!check()) waiters.add(wake);
      });
    },
    async close() {
      await Promise.all([
        new Promise<void>((r) => smtp.close(() => r())),
        new Promise<void>((r) => {
          web.closeAllConnections();
          web.close(() => r());
        }),
      ]);
    },
  };
}

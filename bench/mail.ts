import nodemailer from 'nodemailer';
import type SMTPPool from 'nodemailer/lib/smtp-pool';
import { createMailer } from '../mail/mailer';
import { startMailCapture } from '../stack/mail-capture';
import { ratioOf, type TBenchResult } from './result';

const MESSAGES = 60;
/** The socket with Nagle's algorithm off should take well under half the time of nodemailer's own. */
const MAX_RATIO = 0.5;

const mail = (i: number) => ({ to: [`unit${i}@duban.test`], subject: `【提醒】第${i}项`, html: `<p>${i}</p>`, text: `${i}` });

/** Seconds to send MESSAGES one after another through `send`, after one warm-up message that opens the connection. */
async function sequentialSeconds(send: (i: number) => Promise<unknown>): Promise<number> {
  await send(0);
  const started = process.hrtime.bigint();
  for (let i = 1; i <= MESSAGES; i++) await send(i);
  return Number(process.hrtime.bigint() - started) / 1e9;
}

/**
 * Messages one after another on one pooled connection: Duban's mailer, whose socket has Nagle's algorithm off,
 * against nodemailer's own pooled transport to the same capture in the same run. With Nagle on, the end of each
 * message waits for the receiver's delayed acknowledgement (40 ms on Linux), capping a connection near 20 messages a
 * second; the ratio shows that wait is gone, whatever the machine's speed.
 */
export async function benchMail(): Promise<TBenchResult> {
  const capture = await startMailCapture({});
  const mailer = createMailer(capture.smtpUrl, 'duban@localhost');
  const stockOptions: SMTPPool.Options & { url: string } = { url: capture.smtpUrl, pool: true, maxConnections: 1, ignoreTLS: true };
  const stock = nodemailer.createTransport(stockOptions, { from: 'duban@localhost' });
  try {
    const ours = await sequentialSeconds((i) => mailer.send(mail(i)));
    const theirs = await sequentialSeconds((i) => stock.sendMail({ ...mail(i), to: mail(i).to.join(', ') }));
    const ratio = ratioOf(ours, theirs);
    return {
      name: 'mail',
      value: Math.round((ours / MESSAGES) * 1e4) / 10,
      unit: 'ms per message',
      baseline: Math.round((theirs / MESSAGES) * 1e4) / 10,
      ratio,
      target: `ratio ≤ ${MAX_RATIO} against nodemailer's own pooled socket`,
      met: ratio <= MAX_RATIO,
      details: { messages: MESSAGES },
    };
  } finally {
    mailer.close();
    stock.close();
    await capture.close();
  }
}

import { z } from 'zod';

/** A form field that may repeat: one value arrives as a string, several as an array. */
export const ZRepeatedSchema = z.preprocess((v) => (v === undefined ? [] : Array.isArray(v) ? v : [v]), z.array(z.string()));

/** Unit lists typed in a textarea: one per line, or separated by 、 , ，; */
export const splitNames = (s: string): string[] =>
  s
    .split(/[\n、,，;；]+/)
    .map((x) => x.trim())
    .filter(Boolean);

/** A number typed in a form field; an empty field is NaN, which the schema then refuses with its own message. */
export const formNumber = (v: string | undefined): number => (v?.trim() ? Number(v) : Number.NaN);

/** Only same-site paths: a `next` parameter must never send people to another site. */
export const ZNextPathSchema = z
  .string()
  .regex(/^\/(?!\/)[^\s\\]*$/)
  .catch('/')
  .default('/');

/** Which confirmation to show after a redirect; a fixed list, so the URL cannot inject text. */
export const ZFlashSchema = z.enum(['saved', 'reportAccepted', 'extensionRequested', 'launchStarted', 'resolved', 'linkSent', 'unitsImported', 'calendarSaved']).optional().catch(undefined);

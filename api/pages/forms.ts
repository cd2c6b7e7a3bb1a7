import { z } from 'zod';
import { AppError } from '../../lib/errors';
import { html, type Raw } from './html';

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

/** A step that cannot be undone (discarding a draft, closing a plan): a reason, and the box ticked to confirm it. */
export const ZConfirmedReasonFormSchema = z.object({ reason: z.string().max(10_000).default(''), confirm: z.literal('yes') });

/** Which confirmation to show after a redirect; a fixed list, so the URL cannot inject text. */
export const ZFlashSchema = z.enum(['saved', 'reportAccepted', 'acknowledged', 'refusalSent', 'fileUploaded', 'fileDeleted', 'extensionRequested', 'launchStarted', 'resolved', 'linkSent', 'unitsImported', 'calendarSaved', 'discarded', 'roleGranted', 'tokenRevoked', 'instructionReplied', 'subtaskAdded', 'subtaskCompleted', 'partReturned', 'instructionSent', 'valueCorrected', 'noticeIssued', 'planClosedFlash', 'channelAdded', 'channelRemoved', 'noticePrefixSaved']).optional().catch(undefined);

/** The schema's issues behind a refused form (parsePart keeps them as the error's cause); null for any other error. */
export function validationIssues(err: unknown): readonly z.core.$ZodIssue[] | null {
  return err instanceof AppError && err.code === 'VALIDATION_FAILED' && err.cause instanceof z.ZodError ? err.cause.issues : null;
}

/** One thing to fix, in the page's words: `field` is the id of the input it concerns, null for the form as a whole. */
export type TProblem = { field: string | null; label: string | null; message: string };

/**
 * A form shown again after a refusal: what the person typed, what to fix, and the idempotency key it was posted with.
 * The key is kept, not renewed: if the first post did reach the workflow (a dropped connection), posting again must
 * return that answer rather than record a second time.
 */
export type TFormState = { values: Record<string, string>; problems: TProblem[]; idempotencyKey: string };

/** The same message for the same field once, in the order the schema found them. */
export const uniqueProblems = (problems: TProblem[]): TProblem[] =>
  problems.filter((x, i) => problems.findIndex((y) => y.field === x.field && y.message === x.message) === i);

/** At the top of a form shown again: every problem, each naming and linking its field. */
export function problemList(intro: string, state: Pick<TFormState, 'problems'> | undefined, id: string): Raw {
  if (!state?.problems.length) return html``;
  return html`<div class="card error" role="alert" id="${id}"><p>${intro}</p><ul>${state.problems.map(
    (x) => html`<li>${x.field && x.label ? html`<a href="#${x.field}">${x.label}</a>：` : ''}${x.message}</li>`,
  )}</ul></div>`;
}

/** Beside an input: its problems, if any, and the attributes that tie them to it for screen readers. */
export function fieldProblem(state: Pick<TFormState, 'problems'> | undefined, field: string): { attrs: Raw; note: Raw } {
  const mine = state?.problems.filter((x) => x.field === field) ?? [];
  if (!mine.length) return { attrs: html``, note: html`` };
  return {
    attrs: html` aria-invalid="true" aria-describedby="${field}-problem"`,
    note: html`<p class="c-red field-problem" id="${field}-problem">${mine.map((x) => x.message).join('；')}</p>`,
  };
}

import type { TItem } from '../../views/item';
import type { TTranslate } from '../i18n';

export type TExtensionOffer = { open: true; due: string } | { open: false; why: string };

/**
 * Whether the unit may ask for an extension now, read from the item view's next step. The measure workflow takes a
 * request (requestExtensionUpdate's validator) only while the measure is open, before the due date in force of the
 * period it counts for, and with no request of that period pending; the next step already says each of those.
 */
export function extensionOffer(t: TTranslate, item: TItem): TExtensionOffer {
  const { next } = item;
  if (next.kind === 'await-extension') return { open: false, why: t('extensionPending') };
  // Every period reported: no report is owed, so there is no due date to move.
  if (next.kind === 'report-done' || next.kind === 'await-others') return { open: false, why: t('extensionAllReported') };
  if (next.kind !== 'report' || !next.due) return { open: false, why: t(item.status === 'done' ? 'extensionNotNeeded' : 'extensionUnavailable') };
  // Past the due date on the plan's own clock, as the workflow judges it (also on the weekend after a Friday due date).
  if (next.overdue) return { open: false, why: t.fill('extensionTooLate', { due: next.due }) };
  return { open: true, due: next.due };
}

import { readPlanLaunch } from '../../../services/plans/launch-plan';
import type { TActor } from '../../auth/actor';
import type { TDeps } from '../../route';
import { html, type Raw } from '../html';
import { csrfField, type TPage } from '../layout';

/**
 * The dashboard's word on a launch under way: while a launched plan still has measures not yet assigned, how far its
 * launch is (workflows started, measures assigned), refreshed every 3 s while it runs; if it failed, why, and a way
 * to launch again. Nothing once every measure is assigned. Temporal is asked only then, never on a settled plan.
 */
export async function launchProgress(
  p: TPage,
  deps: TDeps,
  actor: TActor | null,
  plan: { id: string; status: string },
  counts: { total: number; unassigned: number },
): Promise<Raw | string> {
  if (plan.status !== 'launched' || counts.unassigned === 0 || !deps.temporal) return '';
  const { t } = p;
  // The dashboard reads the database; a workflow service that does not answer leaves the launch's counts unknown.
  const launch = await readPlanLaunch(deps.temporal.client, plan.id).catch(() => ({ state: 'running' as const, done: null, failure: null }));
  const assigned = counts.total - counts.unassigned;
  if (launch?.state === 'running') {
    const text =
      launch.done === null
        ? t.fill('launchRunningUnknown', { assigned, total: counts.total })
        : t.fill('launchRunning', { done: launch.done, total: counts.total, assigned });
    return html`<div class="flash" id="launch-progress" role="status" data-reload-after="3"><progress max="${counts.total}" value="${assigned}"></progress> ${text}</div>`;
  }
  if (launch?.state === 'failed') {
    const again =
      actor?.role === 'coordinator'
        ? html` <form method="post" action="/plans/${plan.id}/launch" class="inline">${csrfField(p)}<button type="submit">${t('launchAgain')}</button></form>`
        : '';
    return html`<div class="flash warn" id="launch-progress" role="alert">${t.fill('launchFailed', { failure: launch.failure ?? '' })}${again}</div>`;
  }
  return html`<div class="flash" id="launch-progress" role="status">${t.fill('launchAssigning', { total: counts.total, n: counts.unassigned })} <a href="">${t('refresh')}</a></div>`;
}

/** Every request a running measure answers once, by who sends it about what. */
export type TKeyedRequest =
  | { assignmentId: string; submittedBy: string; idempotencyKey: string }
  | { assignmentId: string; requestedBy: string; idempotencyKey: string }
  | { decidedBy: string; requestId: string }
  | { actorId: string; requestId: string };

/**
 * The key a measure answers a request under, which is also its Temporal update id: the sender's own key (a report's or
 * 延期 request's idempotency key, a decision's or coordinator action's request id) scoped to the update, the person
 * sending it and, for a unit's request, the assignment it is about. Two units that both send the key 2026-H1 make two
 * reports; one person's two kinds of request under one id are two requests. Ids hold no ':', so keys never collide.
 */
export function requestKey(update: string, r: TKeyedRequest): string {
  if ('submittedBy' in r) return [update, r.assignmentId, r.submittedBy, r.idempotencyKey].join(':');
  if ('requestedBy' in r) return [update, r.assignmentId, r.requestedBy, r.idempotencyKey].join(':');
  return [update, 'decidedBy' in r ? r.decidedBy : r.actorId, r.requestId].join(':');
}

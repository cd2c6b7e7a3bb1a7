import type { TSubtaskStep } from '../../domain/subtasks';
import { writeSubtaskMail } from '../measures/record-subtask';
import type { TActivityDeps } from '../deps';
import type { TQueuedOutcome } from './send-notice';

export type TSubtaskChaseInput = { step: TSubtaskStep; subtaskId: string };

/** A sub-task still open on its due day (its person reminded), then the working day after (its unit told). Once per step, digested per address and due day. */
export function createSendSubtaskChase({ db, config, outbox }: Pick<TActivityDeps, 'db' | 'config' | 'outbox'>) {
  return {
    async sendSubtaskChase(input: TSubtaskChaseInput): Promise<TQueuedOutcome> {
      const written = await writeSubtaskMail(db, config.publicUrl, input.subtaskId, input.step, outbox.gatherMs);
      outbox.written();
      return { queued: written > 0 };
    },
  };
}

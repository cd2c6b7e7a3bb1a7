import type { TReason } from '../../files/sniff';
import { AppError } from '../../lib/errors';
import { say } from '../../lib/messages';

/** How a size limit is said to people: in MB (2^20 bytes), as FILES_MAX_MB sets it. */
const megabytes = (bytes: number): string => `${Number((bytes / 2 ** 20).toFixed(1))} MB`;

/** An upload larger than its limit; nothing of it was kept (the API answers 413, naming the limit). */
export class FileTooLargeError extends AppError {
  constructor(readonly maxBytes: number) {
    super('PAYLOAD_TOO_LARGE', say('fileTooLarge', { limit: megabytes(maxBytes) }), { maxBytes });
    this.name = 'FileTooLargeError';
  }
}

/** An upload whose content is not a kind accepted as evidence; nothing of it was kept (the API answers 415). */
export class FileTypeRefusedError extends AppError {
  constructor(readonly reason: TReason) {
    super('UNSUPPORTED_MEDIA_TYPE', { text: reason }, { reason });
    this.name = 'FileTypeRefusedError';
  }
}

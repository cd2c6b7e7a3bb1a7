import { UserError } from '../../lib/errors';

/** How a size limit is said to people: in MB (2^20 bytes), as FILES_MAX_MB sets it. */
const megabytes = (bytes: number): string => `${Number((bytes / 2 ** 20).toFixed(1))} MB`;

/** An upload larger than its limit; nothing of it was kept (the API answers 413, naming the limit). */
export class FileTooLargeError extends UserError {
  constructor(readonly maxBytes: number) {
    super(`文件超过 ${megabytes(maxBytes)} 的上限，未保存 / the file is larger than the ${megabytes(maxBytes)} limit and was not stored`, 1, { maxBytes });
    this.name = 'FileTooLargeError';
  }
}

/** An upload whose content is not a kind accepted as evidence; nothing of it was kept (the API answers 415). */
export class FileTypeRefusedError extends UserError {
  constructor(readonly reason: string) {
    super(reason);
    this.name = 'FileTypeRefusedError';
  }
}

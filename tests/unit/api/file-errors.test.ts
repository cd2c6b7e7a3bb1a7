import { describe, expect, it } from 'vitest';
import { ERROR_STATUS, errorBody, toAppError } from '../../../api/errors';
import { REFUSAL } from '../../../files/sniff';
import { FileTooLargeError, FileTypeRefusedError } from '../../../services/files/file-errors';

describe("the file store's refusals as HTTP answers", () => {
  it('a file over the limit is 413, naming the limit in the reader’s language', () => {
    const { error, unexpected } = toAppError(new FileTooLargeError(20 * 2 ** 20));
    expect(unexpected).toBe(false);
    expect(ERROR_STATUS[error.code]).toBe(413);
    expect(errorBody(error, 'zh').error).toEqual({ code: 'PAYLOAD_TOO_LARGE', message: '文件超过 20 MB 的上限，未保存', details: { maxBytes: 20 * 2 ** 20 } });
    expect(errorBody(error, 'en').error.message).toBe('the file is larger than the 20 MB limit and was not stored');
  });

  it('a file of a kind not accepted is 415, with the reason', () => {
    const { error } = toAppError(new FileTypeRefusedError(REFUSAL.executable));
    expect(ERROR_STATUS[error.code]).toBe(415);
    expect(errorBody(error, 'zh').error).toEqual({ code: 'UNSUPPORTED_MEDIA_TYPE', message: REFUSAL.executable.zh, details: { reason: REFUSAL.executable.zh } });
    expect(errorBody(error, 'en').error).toEqual({ code: 'UNSUPPORTED_MEDIA_TYPE', message: REFUSAL.executable.en, details: { reason: REFUSAL.executable.en } });
  });
});

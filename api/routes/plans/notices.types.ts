import { z } from 'zod';
import { ZNoticeSchema } from '../../../report/notice-model';

export const ZNoticeParamsSchema = z.object({ planId: z.string().min(1).max(64), noticeId: z.string().min(1).max(64) });

export const ZNoticeRecordSchema = z.object({
  id: z.string(),
  planId: z.string(),
  scope: z.string().describe('the year or reporting period the draft was made from'),
  year: z.number().int().describe('the year whose 定稿 issuing waits for'),
  version: z.number().int().describe('one more with each saved edit'),
  status: z.enum(['draft', 'issued']),
  notice: ZNoticeSchema,
  docNumber: z.string().nullable().describe('文号 once issued, e.g. 苏质办〔2026〕3号'),
  issuedAt: z.string().nullable().describe('ISO instant it was issued'),
  download: z.string().describe('its Word file: the draft as last saved, or the archived file once issued'),
});

export const ZNoticeListSchema = z.object({
  notices: z.array(
    z.object({
      id: z.string(),
      status: z.enum(['draft', 'issued']),
      title: z.string(),
      docNumber: z.string().nullable(),
      signedOn: z.string().describe('成文日期'),
      issuedAt: z.string().nullable(),
      download: z.string(),
    }),
  ),
});

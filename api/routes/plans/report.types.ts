import { z } from 'zod';
import { ZReportFormatSchema } from '../../../report/render-report';
import { optionalField } from '../../schemas';

export const ZReportQuerySchema = z.object({
  format: optionalField(ZReportFormatSchema).default('json'),
  asOf: optionalField(
    z.union([z.iso.date().transform((d) => new Date(`${d}T23:59:59.999+08:00`)), z.iso.datetime({ offset: true }).transform((d) => new Date(d))]),
  ).describe('a date (its end, in Shanghai) or an ISO instant; default now'),
});

/** The JSON form of the report (the other formats carry the same content as CSV, Excel or an HTML page). */
export const ZReportJsonSchema = z.record(z.string(), z.unknown()).describe('the assessment report: league table, measures, unit breakdowns, 台账 and 通报');

export const REPORT_CONTENT_TYPES = {
  json: 'application/json; charset=utf-8',
  csv: 'text/csv; charset=utf-8',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  html: 'text/html; charset=utf-8',
} as const;

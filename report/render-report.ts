import { z } from 'zod';
import { renderCsv } from './render-csv';
import { renderHtml } from './render-html';
import { renderJson } from './render-json';
import { renderXlsx } from './render-xlsx';
import type { TReport } from './report-model';

export const ZReportFormatSchema = z.enum(['json', 'csv', 'xlsx', 'html']).describe('json (default), csv, xlsx or html');
export type TReportFormat = z.infer<typeof ZReportFormatSchema>;

/** The report in one format: text for json, csv and html, bytes for xlsx. */
export async function renderReport(report: TReport, format: TReportFormat): Promise<string | Buffer> {
  switch (format) {
    case 'json':
      return JSON.stringify(renderJson(report), null, 2) + '\n';
    case 'csv':
      return renderCsv(report);
    case 'html':
      return renderHtml(report);
    case 'xlsx':
      return renderXlsx(report);
  }
}

import { z } from 'zod';
import { optionalField } from '../../schemas';

export const ZNoticeDraftQuerySchema = z.object({
  period: optionalField(z.string().trim().min(1)).describe(
    'a reporting period’s key (2026-H1, 2026-Q3, 2026-07, a date, final) or a year (2026); default: the latest period whose reports are all due, else the year so far',
  ),
});

export const ZNoticeDraftJsonSchema = z.string().describe('the .docx file (application/vnd.openxmlformats-officedocument.wordprocessingml.document)');

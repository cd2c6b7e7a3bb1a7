import { importPlan, type ImportPlanResult } from '../../services/plans/import-plan';
import type { TDeps } from '../route';
import type { TImportPlanBody } from '../routes/plans/import.types';

/** A plan imported as the API and the import page both ask for it: pasted text or a file, the year, `again`. */
export function importPlanAs(deps: TDeps, actorId: string, body: TImportPlanBody): Promise<ImportPlanResult> {
  return importPlan(deps.db, {
    source: body.file ? { buffer: Buffer.from(body.file.contentBase64, 'base64') } : { text: body.text! },
    fileName: body.file?.fileName,
    year: body.year,
    again: body.again,
    actorId,
    actorLabel: 'web',
  });
}

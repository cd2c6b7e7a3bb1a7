import { channelPolicyOf } from '../../../services/units/unit-channels';
import { importUnits } from '../../../services/units/import-units';
import { readRegistryFile } from '../../../services/units/registry-file';
import { requireCoordinator } from '../../../services/access/scope';
import { recordedActor } from '../../auth/actor';
import { defineApiRoute } from '../../route';
import { ZImportedUnitsSchema, ZImportUnitsBodySchema } from './import.types';

export default defineApiRoute({
  method: 'POST',
  url: '/api/units/import',
  operationId: 'importUnits',
  summary: 'Load or update the unit registry (units, aliases, groups, contacts, leaders); re-running it is safe',
  tags: ['units'],
  auth: 'signed-in',
  upload: true,
  body: ZImportUnitsBodySchema,
  response: ZImportedUnitsSchema,
  async handler({ actor, body, deps }) {
    const person = requireCoordinator(actor);
    return importUnits(deps.db, readRegistryFile(body.content, body.fileName), recordedActor(person), channelPolicyOf(deps.config));
  },
});

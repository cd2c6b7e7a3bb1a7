import { z } from 'zod';

export const ZLoginBodySchema = z.object({
  email: z.string().trim().min(3).max(320).describe('the email the person is registered with'),
  password: z.string().min(1).max(1024),
});

export const ZSignedInSchema = z.object({
  person: z.object({ id: z.string(), name: z.string(), email: z.string(), role: z.string(), unitId: z.string().nullable() }),
  csrfToken: z.string().describe('send as X-CSRF-Token with every POST, PATCH or DELETE made with the session cookie'),
});
export type TSignedIn = z.infer<typeof ZSignedInSchema>;

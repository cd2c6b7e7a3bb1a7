import { z } from 'zod';

export const ZChangePasswordBodySchema = z.object({
  currentPassword: z.string().max(1024).optional().describe('required when a password is already set'),
  newPassword: z.string().min(10, '密码至少 10 个字符 / at least 10 characters').max(1024),
});

export const ZPasswordChangedSchema = z.object({ changed: z.literal(true) });

import { z } from 'zod';

/** A form's empty field means "not given". */
export const blankToUndefined = (v: unknown): unknown => (v === null || (typeof v === 'string' && v.trim() === '') ? undefined : v);

export const optionalField = <S extends z.ZodType>(schema: S) => z.preprocess(blankToUndefined, schema.optional());

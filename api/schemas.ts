import { z } from 'zod';

/** A form's empty field means "not given". */
export const blankToUndefined = (v: unknown): unknown => (v === null || (typeof v === 'string' && v.trim() === '') ? undefined : v);

export const optionalField = <S extends z.ZodType>(schema: S) => z.preprocess(blankToUndefined, schema.optional());

/**
 * The fields of an object schema except those the server fills in (the person, the path's id), strict like the
 * original. Cross-field rules of the original still run: handlers validate the completed object with it.
 */
export function shapeWithout<T extends z.ZodRawShape, K extends keyof T & string>(shape: T, keys: readonly K[]) {
  const rest = Object.fromEntries(Object.entries(shape).filter(([k]) => !keys.includes(k as K))) as Omit<T, K>;
  return z.strictObject(rest);
}

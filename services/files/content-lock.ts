import type { Db } from '../../prisma/client';

type Tx = Parameters<Parameters<Db['$transaction']>[0]>[0];

/** The class half of the two-key advisory locks on stored content ('file'); the other half comes from the hash. */
const CONTENT_LOCK_CLASS = 0x66696c65;

/**
 * Serialises, until the transaction ends, everything that decides whether content stays in the store: an upload
 * recording its row before it puts the content, and a deletion or sweep removing content no row refers to. Whichever
 * comes second sees what the first did, so content is never removed under an upload that relies on it.
 */
export async function lockContent(tx: Tx, sha256: string): Promise<void> {
  // The hash's first 32 bits as a signed int4: two contents sharing them only wait for each other a moment.
  const key = Number.parseInt(sha256.slice(0, 8), 16) | 0;
  await tx.$executeRaw`SELECT pg_advisory_xact_lock(${CONTENT_LOCK_CLASS}::int4, ${key}::int4)`;
}

export type { Tx };

import pg from 'pg';

const NAME_OID = 19;
const TEXT_OID = 25;

type Fields = { dataTypeID: number }[];
type Result = { fields?: Fields } | Result[];

// Prisma's pg adapter rejects PostgreSQL's `name` type (oid 19), which migrate's catalogue queries return
// (prisma/orm#27403). Reporting those columns as text is exact: `name` values arrive as text already.
function relabelNameColumns<T>(result: T): T {
  const visit = (r: Result | undefined) => {
    if (!r) return;
    if (Array.isArray(r)) return r.forEach(visit);
    for (const field of r.fields ?? []) if (field.dataTypeID === NAME_OID) field.dataTypeID = TEXT_OID;
  };
  visit(result as Result);
  return result;
}

class NameAsTextClient extends pg.Client {
  // pg.Client.query has many overloads; this keeps every one of them and only touches the result.
  override query(...args: unknown[]): never {
    const callback = args.at(-1);
    if (typeof callback === 'function') {
      args[args.length - 1] = (err: Error | null, res: unknown) => callback(err, err ? res : relabelNameColumns(res));
      return (super.query as (...a: unknown[]) => never)(...args);
    }
    const out = (super.query as (...a: unknown[]) => unknown)(...args);
    if (out && typeof (out as Promise<unknown>).then === 'function') {
      return (out as Promise<unknown>).then(relabelNameColumns) as never;
    }
    return out as never;
  }
}

/** The pg pool every part of Duban uses, for PGlite's socket and for a PostgreSQL server alike. */
export function createPool(connectionString: string, options: Omit<pg.PoolConfig, 'connectionString'> = {}): pg.Pool {
  return new pg.Pool({ connectionString, Client: NameAsTextClient, ...options });
}

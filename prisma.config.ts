import { PrismaPg } from '@prisma/adapter-pg';
import { defineConfig } from 'prisma/config';
import { createPool } from './prisma/pool';

// Prisma 6.19 with the JavaScript schema engine: no native engine binary is downloaded or needed.
export default defineConfig({
  experimental: { adapter: true },
  engine: 'js',
  schema: 'prisma/schema.prisma',
  migrations: { path: 'prisma/migrations' },
  async adapter() {
    const url = process.env.DATABASE_URL;
    if (!url) throw new Error('DATABASE_URL must name the database to migrate');
    // The CLI never ends the pool: idle connections are closed at once so that they do not hold the process open.
    return new PrismaPg(createPool(url, { max: 2, idleTimeoutMillis: 50, allowExitOnIdle: true }));
  },
});

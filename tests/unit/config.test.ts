import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../lib/config';
import { UserError } from '../../lib/errors';

describe('configuration read once from the environment', () => {
  it('applies the embedded defaults when nothing is set', () => {
    const c = loadConfig({}, '/srv/duban');
    expect(c.PORT).toBe(3000);
    expect(c.dataDir).toBe('/srv/duban/.data');
    expect(c.DATABASE_URL).toBeUndefined();
    expect(c.TEMPORAL_ADDRESS).toBeUndefined();
    expect(c.publicUrl).toBe('http://127.0.0.1:3000');
  });

  it.each([
    ['PORT', 'abc'],
    ['PORT', '70000'],
    ['DATABASE_URL', 'mysql://root@localhost/db'],
    ['TEMPORAL_ADDRESS', 'localhost'],
    ['SMTP_URL', 'http://mail'],
    ['DUBAN_SECURE_COOKIES', 'maybe'],
  ])('stops on %s=%s with one line naming the variable', (name, value) => {
    let error: unknown;
    try {
      loadConfig({ [name]: value });
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(UserError);
    const message = (error as UserError).message;
    expect(message).toContain(name);
    expect(message.split('\n')).toHaveLength(1);
  });

  it('takes a migration URL (the tables’ owner) only beside the app’s DATABASE_URL', () => {
    expect(() => loadConfig({ DATABASE_MIGRATION_URL: 'postgresql://owner@db/duban' })).toThrow(/DATABASE_MIGRATION_URL.*DATABASE_URL/);
    const c = loadConfig({ DATABASE_URL: 'postgresql://app@db/duban', DATABASE_MIGRATION_URL: 'postgresql://owner@db/duban' });
    expect([c.DATABASE_URL, c.DATABASE_MIGRATION_URL]).toEqual(['postgresql://app@db/duban', 'postgresql://owner@db/duban']);
  });

  it('reads "false" as false, unlike a plain boolean coercion', () => {
    expect(loadConfig({ DUBAN_SECURE_COOKIES: 'false' }).DUBAN_SECURE_COOKIES).toBe(false);
    expect(loadConfig({ DUBAN_SECURE_COOKIES: 'true' }).DUBAN_SECURE_COOKIES).toBe(true);
  });
});

describe('where uploaded files are kept', () => {
  it('keeps them under the data folder, 20 MB at most each, unless told otherwise', () => {
    const c = loadConfig({}, '/srv/duban');
    expect(c.FILES_URL).toBeUndefined();
    expect(c.filesMaxBytes).toBe(20 * 2 ** 20);
    expect(loadConfig({ FILES_MAX_MB: '50' }).filesMaxBytes).toBe(50 * 2 ** 20);
  });

  it('reads an S3-compatible bucket from FILES_URL: HTTPS by default, a percent-encoded secret, virtual-hosted by default', () => {
    expect(loadConfig({ FILES_URL: 's3://LTAI5tExample:se%2Fcr%2Bet@oss-cn-hangzhou.aliyuncs.com/duban-evidence?region=cn-hangzhou' }).FILES_URL).toEqual({
      endpoint: 'https://oss-cn-hangzhou.aliyuncs.com',
      bucket: 'duban-evidence',
      prefix: '',
      region: 'cn-hangzhou',
      forcePathStyle: false,
      accessKeyId: 'LTAI5tExample',
      secretAccessKey: 'se/cr+et',
    });
  });

  it('reads plain HTTP, a port, a key prefix and path-style addressing', () => {
    expect(loadConfig({ FILES_URL: 's3+http://minio:minio-secret@10.0.0.5:9000/duban/prod/files?forcePathStyle=true' }).FILES_URL).toEqual({
      endpoint: 'http://10.0.0.5:9000',
      bucket: 'duban',
      prefix: 'prod/files/',
      region: 'us-east-1',
      forcePathStyle: true,
      accessKeyId: 'minio',
      secretAccessKey: 'minio-secret',
    });
  });

  it.each([
    ['another scheme', 'https://AK:TOPSECRET@minio.local/duban'],
    ['no bucket', 's3://AK:TOPSECRET@minio.local/'],
    ['a bucket name S3 does not allow', 's3://AK:TOPSECRET@minio.local/Duban_Files'],
    ['no secret key', 's3://AK@minio.local/duban'],
    ['a mistyped parameter', 's3://AK:TOPSECRET@minio.local/duban?pathStyle=true'],
    ['a path style that is neither true nor false', 's3://AK:TOPSECRET@minio.local/duban?forcePathStyle=maybe'],
    ['not a URL at all', 'minio.local/duban'],
  ])('stops on FILES_URL with %s, in one line that names it and hides the secret key', (_label, value) => {
    let error: unknown;
    try {
      loadConfig({ FILES_URL: value });
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(UserError);
    const message = (error as UserError).message;
    expect(message).toContain('FILES_URL');
    expect(message).toContain('s3://ACCESS_KEY:SECRET_KEY@host');
    expect(message).not.toContain('TOPSECRET');
    expect(message.split('\n')).toHaveLength(1);
  });

  it('stops on a file size limit that is not a whole number of MB from 1 to 1024', () => {
    for (const value of ['0', '2.5', '4096', 'lots']) expect(() => loadConfig({ FILES_MAX_MB: value })).toThrow(/FILES_MAX_MB/);
  });
});

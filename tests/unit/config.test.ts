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

  it('reads "false" as false, unlike a plain boolean coercion', () => {
    expect(loadConfig({ DUBAN_SECURE_COOKIES: 'false' }).DUBAN_SECURE_COOKIES).toBe(false);
    expect(loadConfig({ DUBAN_SECURE_COOKIES: 'true' }).DUBAN_SECURE_COOKIES).toBe(true);
  });
});

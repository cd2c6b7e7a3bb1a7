import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../lib/config';
import { UserError } from '../../lib/errors';
import { temporalConnectionOptions } from '../../lib/temporal-connection';
import { makeTestCertificates, type TTestCertificates } from '../support/certificates';

const ADDRESS = 'temporal.example.gov.cn:7233';
let dir: string;
let certs: TTestCertificates;

beforeAll(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'duban-tls-'));
  certs = makeTestCertificates(dir, 'temporal.duban.test');
});

afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** What a worker or a command would connect with, from these environment variables. */
function optionsFrom(env: Record<string, string>, now?: Date) {
  const config = loadConfig({ TEMPORAL_ADDRESS: ADDRESS, ...env });
  return temporalConnectionOptions(config, config.TEMPORAL_ADDRESS!, now);
}

function oneLineError(f: () => unknown): string {
  let error: unknown;
  try {
    f();
  } catch (err) {
    error = err;
  }
  expect(error).toBeInstanceOf(UserError);
  const message = (error as UserError).message;
  expect(message.split('\n')).toHaveLength(1);
  return message;
}

describe('the Temporal connection from the environment', () => {
  it('is plain gRPC when nothing asks for TLS', () => {
    expect(optionsFrom({})).toEqual({ address: ADDRESS });
  });

  it('turns TLS on with an API key, as Temporal’s own environment configuration does, unless TEMPORAL_TLS=false', () => {
    expect(optionsFrom({ TEMPORAL_API_KEY: 'secret' })).toEqual({ address: ADDRESS, tls: {}, apiKey: 'secret' });
    expect(optionsFrom({ TEMPORAL_API_KEY: 'secret', TEMPORAL_TLS: 'false' })).toEqual({ address: ADDRESS, apiKey: 'secret' });
    expect(optionsFrom({ TEMPORAL_TLS: 'true' })).toEqual({ address: ADDRESS, tls: {} });
  });

  it('carries the server’s CA, the client certificate and key, and the server name', () => {
    const options = optionsFrom({
      TEMPORAL_TLS_SERVER_CA_CERT_PATH: certs.ca,
      TEMPORAL_TLS_CLIENT_CERT_PATH: certs.client.cert,
      TEMPORAL_TLS_CLIENT_KEY_PATH: certs.client.key,
      TEMPORAL_TLS_SERVER_NAME: 'temporal.duban.test',
    });
    expect(options.tls).toEqual({
      serverNameOverride: 'temporal.duban.test',
      serverRootCACertificate: readFileSync(certs.ca),
      clientCertPair: { crt: readFileSync(certs.client.cert), key: readFileSync(certs.client.key) },
    });
  });

  it.each([
    ['TEMPORAL_TLS_CLIENT_KEY_PATH', 'the key of another certificate', () => ({ key: certs.stranger.key }), 'not the key of the certificate'],
    ['TEMPORAL_TLS_CLIENT_KEY_PATH', 'a certificate given as the key', () => ({ key: certs.client.cert }), 'not a PEM private key'],
    ['TEMPORAL_TLS_CLIENT_CERT_PATH', 'a key given as the certificate', () => ({ cert: certs.client.key }), 'no PEM certificate'],
    ['TEMPORAL_TLS_CLIENT_CERT_PATH', 'a file that is not there', () => ({ cert: path.join(dir, 'missing.pem') }), 'cannot read it (ENOENT)'],
    ['TEMPORAL_TLS_SERVER_CA_CERT_PATH', 'a CA file holding garbage', () => ({ ca: garbage() }), 'no PEM certificate'],
    ['TEMPORAL_TLS_CLIENT_KEY_PATH', 'a key protected by a passphrase', () => ({ key: encryptedKey() }), 'passphrase'],
  ])('stops at start-up with one line naming %s for %s', (name, _what, files, reason) => {
    const f = { cert: certs.client.cert, key: certs.client.key, ca: certs.ca, ...files() };
    const message = oneLineError(() =>
      optionsFrom({ TEMPORAL_TLS_CLIENT_CERT_PATH: f.cert, TEMPORAL_TLS_CLIENT_KEY_PATH: f.key, TEMPORAL_TLS_SERVER_CA_CERT_PATH: f.ca }),
    );
    expect(message).toContain(name);
    expect(message).toContain(reason);
  });

  it('names an expired client certificate', () => {
    const message = oneLineError(() =>
      optionsFrom({ TEMPORAL_TLS_CLIENT_CERT_PATH: certs.client.cert, TEMPORAL_TLS_CLIENT_KEY_PATH: certs.client.key }, new Date('2100-01-01')),
    );
    expect(message).toContain('TEMPORAL_TLS_CLIENT_CERT_PATH');
    expect(message).toContain('expired on');
  });

  it.each([
    [{ TEMPORAL_TLS_CLIENT_CERT_PATH: '/etc/duban/worker.pem' }, 'TEMPORAL_TLS_CLIENT_KEY_PATH'],
    [{ TEMPORAL_TLS_CLIENT_KEY_PATH: '/etc/duban/worker.key' }, 'TEMPORAL_TLS_CLIENT_CERT_PATH'],
    [{ TEMPORAL_TLS: 'false', TEMPORAL_TLS_SERVER_CA_CERT_PATH: '/etc/duban/ca.pem' }, 'TEMPORAL_TLS'],
  ])('refuses %j, naming %s', (env, name) => {
    expect(oneLineError(() => loadConfig({ TEMPORAL_ADDRESS: ADDRESS, ...env }))).toContain(`invalid ${name}=`);
  });

  it('asks for TEMPORAL_ADDRESS when TLS or an API key is set without it, without repeating the key', () => {
    const message = oneLineError(() => loadConfig({ TEMPORAL_API_KEY: 'very-secret' }));
    expect(message).toContain('invalid TEMPORAL_ADDRESS=');
    expect(message).toContain('TEMPORAL_API_KEY');
    expect(message).not.toContain('very-secret');
  });
});

function garbage(): string {
  const file = path.join(dir, 'garbage.pem');
  writeFileSync(file, 'not a certificate\n');
  return file;
}

function encryptedKey(): string {
  const file = path.join(dir, 'encrypted.key');
  execFileSync('openssl', ['pkey', '-in', certs.client.key, '-aes256', '-passout', 'pass:duban', '-out', file]);
  return file;
}

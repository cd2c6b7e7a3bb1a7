import { createPrivateKey, X509Certificate, type KeyObject } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { TLSConfig } from '@temporalio/client';
import type { TConfig } from './config';
import { UserError } from './errors';

type TTemporalSecurity = Pick<
  TConfig,
  | 'TEMPORAL_API_KEY'
  | 'TEMPORAL_TLS'
  | 'TEMPORAL_TLS_CLIENT_CERT_PATH'
  | 'TEMPORAL_TLS_CLIENT_KEY_PATH'
  | 'TEMPORAL_TLS_SERVER_CA_CERT_PATH'
  | 'TEMPORAL_TLS_SERVER_NAME'
>;

/** What both `Connection.connect` (client) and `NativeConnection.connect` (worker) take to reach a Temporal server. */
export type TTemporalConnectionOptions = { address: string; tls?: TLSConfig; apiKey?: string };

type TFileVariable = 'TEMPORAL_TLS_CLIENT_CERT_PATH' | 'TEMPORAL_TLS_CLIENT_KEY_PATH' | 'TEMPORAL_TLS_SERVER_CA_CERT_PATH';

/** The same one line as `loadConfig`'s, for a file that a variable names. */
function invalid(name: TFileVariable, file: string, reason: string): UserError {
  return new UserError(`环境变量 ${name} 无效 / invalid ${name}=${JSON.stringify(file)}: ${reason}`);
}

function readPem(name: TFileVariable, file: string): Buffer {
  try {
    return readFileSync(file);
  } catch (err) {
    throw invalid(name, file, `cannot read it (${(err as NodeJS.ErrnoException).code ?? (err as Error).message})`);
  }
}

/** Every certificate of a PEM file, checked to be in force now: an expired one is the usual wrong certificate. */
function certificates(name: TFileVariable, file: string, pem: Buffer, now: Date): X509Certificate[] {
  const blocks = pem.toString('utf8').match(/-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g) ?? [];
  if (blocks.length === 0) throw invalid(name, file, 'no PEM certificate in it');
  return blocks.map((block) => {
    let cert: X509Certificate;
    try {
      cert = new X509Certificate(block);
    } catch (err) {
      throw invalid(name, file, `not a readable certificate (${(err as Error).message})`);
    }
    if (new Date(cert.validTo) < now) throw invalid(name, file, `the certificate for ${cert.subject.replace(/\n/g, ', ')} expired on ${cert.validTo}`);
    if (new Date(cert.validFrom) > now) throw invalid(name, file, `the certificate for ${cert.subject.replace(/\n/g, ', ')} is valid only from ${cert.validFrom}`);
    return cert;
  });
}

function privateKey(file: string, pem: Buffer): KeyObject {
  // OpenSSL reports a key under a passphrase as an "interrupted" read; its PEM header says so plainly.
  if (/-----BEGIN ENCRYPTED PRIVATE KEY-----|Proc-Type: 4,ENCRYPTED/.test(pem.toString('utf8'))) {
    throw invalid('TEMPORAL_TLS_CLIENT_KEY_PATH', file, 'the key is protected by a passphrase, which Temporal clients cannot take');
  }
  try {
    return createPrivateKey(pem);
  } catch {
    throw invalid('TEMPORAL_TLS_CLIENT_KEY_PATH', file, 'not a PEM private key');
  }
}

/**
 * How to reach `address`: plain, or TLS (with the server's CA, a client certificate and a server name as configured),
 * with the API key if any. TLS is on when TEMPORAL_TLS says so, or when a certificate file or an API key is set, as in
 * Temporal's own environment configuration. The files are read and checked here, once at start-up: a missing or
 * unreadable file, one that holds no certificate or key, an expired certificate, or a key that is not the
 * certificate's stops with one line naming the variable, before any connection is tried.
 */
export function temporalConnectionOptions(config: TTemporalSecurity, address: string, now = new Date()): TTemporalConnectionOptions {
  const apiKey = config.TEMPORAL_API_KEY;
  const files = config.TEMPORAL_TLS_CLIENT_CERT_PATH || config.TEMPORAL_TLS_SERVER_CA_CERT_PATH;
  const useTls = config.TEMPORAL_TLS ?? Boolean(files || apiKey || config.TEMPORAL_TLS_SERVER_NAME);
  if (!useTls) return { address, ...(apiKey ? { apiKey } : {}) };

  const tls: TLSConfig = {};
  if (config.TEMPORAL_TLS_SERVER_NAME) tls.serverNameOverride = config.TEMPORAL_TLS_SERVER_NAME;
  const caFile = config.TEMPORAL_TLS_SERVER_CA_CERT_PATH;
  if (caFile) {
    const pem = readPem('TEMPORAL_TLS_SERVER_CA_CERT_PATH', caFile);
    certificates('TEMPORAL_TLS_SERVER_CA_CERT_PATH', caFile, pem, now);
    tls.serverRootCACertificate = pem;
  }
  const certFile = config.TEMPORAL_TLS_CLIENT_CERT_PATH;
  const keyFile = config.TEMPORAL_TLS_CLIENT_KEY_PATH;
  if (certFile && keyFile) {
    const crt = readPem('TEMPORAL_TLS_CLIENT_CERT_PATH', certFile);
    const [leaf] = certificates('TEMPORAL_TLS_CLIENT_CERT_PATH', certFile, crt, now);
    const key = readPem('TEMPORAL_TLS_CLIENT_KEY_PATH', keyFile);
    if (!leaf!.checkPrivateKey(privateKey(keyFile, key))) {
      throw invalid('TEMPORAL_TLS_CLIENT_KEY_PATH', keyFile, `not the key of the certificate in TEMPORAL_TLS_CLIENT_CERT_PATH (${certFile})`);
    }
    tls.clientCertPair = { crt, key };
  }
  return { address, tls, ...(apiKey ? { apiKey } : {}) };
}

/**
 * How a connection is made, for the one line that reports it failing: a server that wants TLS or a client
 * certificate only drops the connection, and the gRPC client says no more than that it could not connect in time.
 */
export function describeTemporalConnection(options: TTemporalConnectionOptions): string {
  if (!options.tls) return options.apiKey ? 'plain gRPC with an API key' : 'plain gRPC';
  const parts = ['TLS'];
  const crt = options.tls.clientCertPair?.crt;
  if (crt) parts.push(`client certificate ${new X509Certificate(crt).subject.replace(/\n/g, ', ')}`);
  parts.push(options.tls.serverRootCACertificate ? 'server CA from TEMPORAL_TLS_SERVER_CA_CERT_PATH' : "the system's CAs");
  if (options.tls.serverNameOverride) parts.push(`server name ${options.tls.serverNameOverride}`);
  if (options.apiKey) parts.push('an API key');
  return parts.join(', ');
}

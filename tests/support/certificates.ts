import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import path from 'node:path';

export type TCertPair = { cert: string; key: string };

export type TTestCertificates = {
  /** The CA that signed `server` and `client`. */
  ca: string;
  /** The Temporal server's: names `serverName`, localhost and 127.0.0.1; usable as a client certificate too. */
  server: TCertPair;
  /** A client certificate the CA signed. */
  client: TCertPair;
  /** A CA the server does not trust, and a client certificate it signed. */
  strangerCa: string;
  stranger: TCertPair;
};

function openssl(dir: string, args: string[]): void {
  execFileSync('openssl', args, { cwd: dir, stdio: ['ignore', 'ignore', 'pipe'] });
}

const KEY = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes'];

function makeCa(dir: string, name: string): { cert: string; key: string } {
  openssl(dir, [
    'req', '-x509', ...KEY, '-keyout', `${name}.key`, '-out', `${name}.pem`, '-days', '2', '-subj', `/CN=${name}`,
    '-addext', 'basicConstraints=critical,CA:TRUE', '-addext', 'keyUsage=critical,keyCertSign,cRLSign',
  ]);
  return { cert: path.join(dir, `${name}.pem`), key: path.join(dir, `${name}.key`) };
}

function makeLeaf(dir: string, name: string, ca: { cert: string; key: string }, altNames: string[]): TCertPair {
  openssl(dir, ['req', ...KEY, '-keyout', `${name}.key`, '-out', `${name}.csr`, '-subj', `/CN=${name}`]);
  const ext = path.join(dir, `${name}.ext`);
  writeFileSync(
    ext,
    [
      'basicConstraints=CA:FALSE',
      'keyUsage=critical,digitalSignature',
      // The server's certificate is also what its own system worker presents to its frontend under mutual TLS.
      'extendedKeyUsage=serverAuth,clientAuth',
      ...(altNames.length ? [`subjectAltName=${altNames.join(',')}`] : []),
    ].join('\n'),
  );
  openssl(dir, ['x509', '-req', '-in', `${name}.csr`, '-CA', ca.cert, '-CAkey', ca.key, '-CAcreateserial', '-days', '1', '-out', `${name}.pem`, '-extfile', ext]);
  return { cert: path.join(dir, `${name}.pem`), key: path.join(dir, `${name}.key`) };
}

/** A CA, a server and a client certificate under it, and a stranger's pair, made with `openssl` in `dir` (EC P-256). */
export function makeTestCertificates(dir: string, serverName: string): TTestCertificates {
  const ca = makeCa(dir, 'duban-test-ca');
  const strangerCa = makeCa(dir, 'stranger-ca');
  return {
    ca: ca.cert,
    server: makeLeaf(dir, 'temporal-server', ca, [`DNS:${serverName}`, 'DNS:localhost', 'IP:127.0.0.1']),
    client: makeLeaf(dir, 'duban-worker', ca, []),
    strangerCa: strangerCa.cert,
    stranger: makeLeaf(dir, 'stranger', strangerCa, []),
  };
}

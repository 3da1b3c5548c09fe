import { execFile } from 'node:child_process';
import { chmod, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';

const exec = promisify(execFile);

/** Paths of the PEM files `makeCertificates` wrote. */
export interface TestCertificates {
  /** The CA that signs the server certificate. */
  readonly ca: string;
  /** Another CA, which signed nothing the server has. */
  readonly otherCa: string;
  /** The server certificate (for `DNS:localhost` only) and its key (mode 0600). */
  readonly serverCert: string;
  readonly serverKey: string;
}

const EC = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes'];

/** A self-signed CA, a second unrelated CA, and a server certificate for `localhost` signed by the first, written with openssl into `dir`. */
export async function makeCertificates(dir: string): Promise<TestCertificates> {
  const path = (name: string) => join(dir, name);
  const ca = async (name: string) =>
    exec('openssl', [
      'req',
      '-x509',
      ...EC,
      '-days',
      '2',
      '-subj',
      `/CN=${name}`,
      '-addext',
      'basicConstraints=critical,CA:TRUE',
      '-addext',
      'keyUsage=critical,keyCertSign,cRLSign',
      '-keyout',
      path(`${name}.key`),
      '-out',
      path(`${name}.crt`),
    ]);
  await ca('test-ca');
  await ca('other-ca');
  await exec('openssl', [
    'req',
    ...EC,
    '-subj',
    '/CN=localhost',
    '-keyout',
    path('server.key'),
    '-out',
    path('server.csr'),
  ]);
  await writeFile(path('server.ext'), 'subjectAltName=DNS:localhost\nextendedKeyUsage=serverAuth\n');
  await exec('openssl', [
    'x509',
    '-req',
    '-in',
    path('server.csr'),
    '-CA',
    path('test-ca.crt'),
    '-CAkey',
    path('test-ca.key'),
    '-CAcreateserial',
    '-days',
    '2',
    '-extfile',
    path('server.ext'),
    '-out',
    path('server.crt'),
  ]);
  await chmod(path('server.key'), 0o600);
  return {
    ca: path('test-ca.crt'),
    otherCa: path('other-ca.crt'),
    serverCert: path('server.crt'),
    serverKey: path('server.key'),
  };
}

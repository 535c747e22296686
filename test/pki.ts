/**
 * A test PKI made with openssl in a temporary folder: a root CA, a signer
 * certificate and its PKCS#12 file, a second (unrelated) root, an ECDSA
 * signer, and a time-stamp authority served over HTTP by `openssl ts`
 * behind a small Node handler. Invented names only.
 */
import { execFile, execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface TestPki {
  dir: string;
  file(name: string): string;
  rootPem: string;
  otherRootPem: string;
  p12: Uint8Array;
  passphrase: string;
  /** The RSA signer's key and certificate (PEM), for an external signer. */
  signerKeyPem: string;
  signerCertPem: string;
  ecKeyPem: string;
  ecCertPem: string;
}

const ossl = (dir: string, args: string[]) => execFileSync('openssl', args, { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'] });

export function issue(dir: string, name: string, subject: string, ext: string, keyArgs: string[]): void {
  ossl(dir, ['req', '-newkey', ...keyArgs, '-nodes', '-keyout', `${name}.key`, '-out', `${name}.csr`, '-subj', subject]);
  writeFileSync(join(dir, `${name}.ext`), ext);
  ossl(dir, [
    'x509',
    '-req',
    '-in',
    `${name}.csr`,
    '-CA',
    'ca.pem',
    '-CAkey',
    'ca.key',
    '-CAcreateserial',
    '-out',
    `${name}.pem`,
    '-days',
    '400',
    '-extfile',
    `${name}.ext`,
  ]);
}

/** Makes the PKI (about a second of openssl). */
export function makePki(): TestPki {
  const dir = mkdtempSync(join(tmpdir(), 'suket-pki-'));
  const root = (key: string, cert: string, cn: string) =>
    ossl(dir, [
      'req',
      '-x509',
      '-newkey',
      'rsa:2048',
      '-nodes',
      '-keyout',
      key,
      '-out',
      cert,
      '-days',
      '3650',
      '-subj',
      `/CN=${cn}/O=Uji`,
      '-addext',
      'basicConstraints=critical,CA:true',
      '-addext',
      'keyUsage=critical,keyCertSign,cRLSign',
    ]);
  root('ca.key', 'ca.pem', 'Uji Root CA');
  root('other.key', 'other.pem', 'Lain Root CA');
  const leaf = 'basicConstraints=CA:false\nkeyUsage=critical,digitalSignature,nonRepudiation\n';
  issue(dir, 'signer', '/CN=Budi Penandatangan/O=Disdukcapil Uji', leaf, ['rsa:2048']);
  issue(dir, 'ec', '/CN=Sari Penandatangan/O=Disdukcapil Uji', leaf, ['ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1']);
  issue(dir, 'tsa', '/CN=Uji TSA/O=Uji', 'basicConstraints=CA:false\nkeyUsage=critical,digitalSignature\nextendedKeyUsage=critical,timeStamping\n', [
    'rsa:2048',
  ]);
  ossl(dir, ['pkcs12', '-export', '-inkey', 'signer.key', '-in', 'signer.pem', '-certfile', 'ca.pem', '-out', 'signer.p12', '-passout', 'pass:rahasia-uji']);
  writeFileSync(
    join(dir, 'tsa.cnf'),
    [
      '[ tsa ]',
      'default_tsa = tsa1',
      '[ tsa1 ]',
      'serial = ./tsaserial',
      'signer_cert = ./tsa.pem',
      'certs = ./ca.pem',
      'signer_key = ./tsa.key',
      'signer_digest = sha256',
      'default_policy = 1.2.3.4.1',
      'digests = sha256',
      'accuracy = secs:1',
      'ess_cert_id_alg = sha256',
      '',
    ].join('\n'),
  );
  writeFileSync(join(dir, 'tsaserial'), '01\n');
  const text = (f: string) => readFileSync(join(dir, f), 'utf8');
  return {
    dir,
    file: (name) => join(dir, name),
    rootPem: text('ca.pem'),
    otherRootPem: text('other.pem'),
    p12: new Uint8Array(readFileSync(join(dir, 'signer.p12'))),
    passphrase: 'rahasia-uji',
    signerKeyPem: text('signer.key'),
    signerCertPem: text('signer.pem'),
    ecKeyPem: text('ec.key'),
    ecCertPem: text('ec.pem'),
  };
}

/** A time-stamp authority on a loopback port: each request answered by `openssl ts -reply`. */
export async function startTsa(pki: TestPki): Promise<{ url: string; requests: () => number; close: () => Promise<void> }> {
  let n = 0;
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const id = ++n;
      writeFileSync(pki.file(`q${id}.tsq`), Buffer.concat(chunks));
      // Asynchronous: the test process waits on this answer.
      execFile('openssl', ['ts', '-reply', '-config', 'tsa.cnf', '-queryfile', `q${id}.tsq`, '-out', `r${id}.tsr`], { cwd: pki.dir }, (err) => {
        if (err) {
          res.writeHead(500).end();
          return;
        }
        res.writeHead(200, { 'content-type': 'application/timestamp-reply' }).end(readFileSync(pki.file(`r${id}.tsr`)));
      });
    });
  });
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}/tsr`, requests: () => n, close: () => new Promise((ok) => server.close(() => ok())) };
}

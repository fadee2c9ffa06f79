import { execFile } from 'node:child_process'
import { X509Certificate } from 'node:crypto'
import { mkdtemp, readFile, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { Ob3Error } from '@ob3/core'

/** A certificate and its private key (PEM), with the certificate's SHA-256 fingerprint. */
export interface SelfSignedCertificate {
  cert: string
  key: string
  /** `AB:CD:…`, for a person to compare or a client to pin. */
  fingerprint256: string
  validTo: string
}

/** Options for {@link createSelfSignedCertificate}. */
export interface CreateSelfSignedCertificateOptions {
  /** Names and addresses the certificate is for. Default `localhost`, `127.0.0.1`, `::1`. */
  hosts?: string[]
  /** Days it is valid. Default 30. */
  days?: number
}

/**
 * A self-signed certificate (P-256) for HTTPS on loopback, made by the `openssl` command: Node 20's
 * node:crypto parses X.509 certificates but cannot create them, and no dependency is added for
 * this. Browsers and clients will not trust it unless told to (`curl --cacert` or `-k`).
 *
 * @throws Ob3Error `ERR_OB3_SERVER_TLS_UNAVAILABLE` when `openssl` is missing or fails
 * @example `const { cert, key } = await createSelfSignedCertificate()`
 */
export async function createSelfSignedCertificate(options: CreateSelfSignedCertificateOptions = {}): Promise<SelfSignedCertificate> {
  const hosts = options.hosts ?? ['localhost', '127.0.0.1', '::1']
  const days = options.days ?? 30
  if (!Number.isInteger(days) || days < 1 || days > 825) throw new TypeError('createSelfSignedCertificate: days must be 1–825')
  if (hosts.length === 0 || hosts.some((h) => !/^[A-Za-z0-9.:-]{1,253}$/.test(h))) throw new TypeError('createSelfSignedCertificate: hosts must be host names or IP addresses')
  const san = hosts.map((h) => (/^[\d.]+$/.test(h) || h.includes(':') ? `IP:${h}` : `DNS:${h}`)).join(',')
  const dir = await mkdtemp(join(tmpdir(), 'ob3-tls-'))
  try {
    const keyPath = join(dir, 'key.pem')
    const certPath = join(dir, 'cert.pem')
    try {
      await promisify(execFile)('openssl', [
        'req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes',
        '-keyout', keyPath, '-out', certPath, '-days', String(days),
        '-subj', `/CN=${hosts[0] as string}`, '-addext', `subjectAltName=${san}`,
        '-addext', 'keyUsage=critical,digitalSignature', '-addext', 'extendedKeyUsage=serverAuth',
      ], { timeout: 20_000 })
    } catch (cause) {
      const missing = (cause as NodeJS.ErrnoException).code === 'ENOENT'
      throw new Ob3Error('ERR_OB3_SERVER_TLS_UNAVAILABLE', missing
        ? 'a self-signed certificate needs the openssl command, which is not installed; pass --tls-cert and --tls-key instead'
        : `openssl could not create a certificate: ${(cause as Error).message}`, { cause })
    }
    const [cert, key] = await Promise.all([readFile(certPath, 'utf8'), readFile(keyPath, 'utf8')])
    const x509 = new X509Certificate(cert)
    return { cert, key, fingerprint256: x509.fingerprint256, validTo: x509.validTo }
  } finally {
    await rm(dir, { recursive: true, force: true })
  }
}

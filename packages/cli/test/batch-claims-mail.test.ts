// ob3 issue --batch --out-dir with --claim-base-url and --smtp: a one-time claim per credential,
// its link in the manifest and served by the service, and an e-mail per teacher with her link
// only — sent to an SMTP server running in this test, which reads what arrives. A refused
// address is recorded in its row; a rerun sends nothing twice and keeps the same links.
import { readFile, readdir, stat, writeFile } from 'node:fs/promises'
import type { AddressInfo } from 'node:net'
import { join } from 'node:path'
import { parse } from 'csv-parse/sync'
import { SMTPServer } from 'smtp-server'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createServer } from '@ob3/server'
import { removeTempDirs, runCli, tempDir } from './helpers.js'

interface Received { to: string[]; raw: string }
const received: Received[] = []
const REFUSED = 'gone@lakeside.example'
let smtp: SMTPServer
let smtpUrl = ''
let dir = ''

beforeAll(async () => {
  smtp = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    onRcptTo(address, _session, callback) {
      if (address.address === REFUSED) return callback(Object.assign(new Error('no such mailbox'), { responseCode: 550 }))
      callback()
    },
    onData(stream, session, callback) {
      let raw = ''
      stream.on('data', (d: Buffer) => (raw += d.toString('utf8')))
      stream.on('end', () => {
        received.push({ to: session.envelope.rcptTo.map((r) => r.address), raw })
        callback()
      })
    },
  })
  await new Promise<void>((resolve) => smtp.listen(0, '127.0.0.1', resolve))
  smtpUrl = `smtp://127.0.0.1:${(smtp.server.address() as AddressInfo).port}`
  dir = await tempDir()
  expect((await runCli(['keys', 'generate', '--out', 'key.json'], dir)).code).toBe(0)
  await writeFile(join(dir, 'template.json'), JSON.stringify({
    issuer: { name: 'Lakeside School District' },
    achievement: { id: 'https://lakeside.example/mc/formative-assessment', name: 'Formative Assessment', description: 'Uses quick checks for understanding.', criteria: { narrative: 'A unit plan with three checks.' } },
  }))
  await writeFile(join(dir, 'roster.csv'), [
    'recipient_email,recipient_id,school',
    'ana@lakeside.example,,North Elementary',
    ',did:example:ben,North Elementary',
    `${REFUSED},,South Middle`,
    'cy@lakeside.example,,"South Middle',
    'dee@lakeside.example,,South Middle',
  ].join('\n'))
})
afterAll(async () => {
  await new Promise<void>((resolve) => smtp.close(() => resolve()))
  await removeTempDirs()
})

/** The text part of a received message, undoing quoted-printable or base64. */
function bodyOf(raw: string): string {
  const [head, ...rest] = raw.split(/\r?\n\r?\n/)
  const body = rest.join('\n\n')
  if (/content-transfer-encoding:\s*quoted-printable/i.test(head as string)) return body.replace(/=\r?\n/g, '').replace(/=([0-9A-F]{2})/g, (_, h: string) => String.fromCharCode(parseInt(h, 16)))
  if (/content-transfer-encoding:\s*base64/i.test(head as string)) return Buffer.from(body.replace(/\s+/g, ''), 'base64').toString('utf8')
  return body
}

const BASE = 'https://badges.lakeside.example/issuers/lakeside'

describe('ob3 issue --batch with claim links and e-mail', () => {
  it('writes a claim link per credential, e-mails it alone to each teacher, records a refusal, and sends nothing twice', async () => {
    const args = ['issue', '--batch', 'roster.csv', '--template', 'template.json', '--key', 'key.json', '--db', 'issuer.db', '--workers', '1', '--out-dir', 'out', '--claim-base-url', BASE, '--smtp', smtpUrl, '--mail-from', 'badges@lakeside.example']
    const run = await runCli(args, dir)
    expect(run.code).toBe(1)
    expect(run.stderr).toContain('line 5: the row\'s quoting is broken (a quote is not closed); fields cannot span lines [ERR_OB3_ROSTER_QUOTE]')
    expect(run.stderr).toContain('e-mailed 2 claim links, 1 could not be sent (see the manifest)')
    const manifestText = await readFile(join(dir, 'out', 'manifest.csv'), 'utf8')
    const manifest = parse(manifestText, { columns: true }) as Record<string, string>[]
    expect(manifest.map((r) => [r.line, r.recipient, r.status, r.delivery])).toEqual([
      ['2', 'ana@lakeside.example', 'issued', 'sent'],
      ['3', 'did:example:ben', 'issued', ''],
      ['4', REFUSED, 'issued', 'failed'],
      ['5', '', 'failed', ''],
      ['6', 'dee@lakeside.example', 'issued', 'sent'],
    ])
    expect(manifest[2]?.delivery_error).toMatch(/^ERR_OB3_DELIVERY_FAILED: .*550/)
    const links = manifest.filter((r) => r.status === 'issued').map((r) => r.claim_link as string)
    for (const link of links) expect(link).toMatch(/^https:\/\/badges\.lakeside\.example\/issuers\/lakeside\/claims\/[A-Za-z0-9_-]+$/)
    expect(new Set(links).size).toBe(4)
    // addresses and claim links: the owner's only
    expect((await stat(join(dir, 'out', 'manifest.csv'))).mode & 0o777).toBe(0o600)
    expect((await stat(join(dir, 'out', 'deliveries.jsonl'))).mode & 0o777).toBe(0o600)

    // what arrived: one message per reachable teacher, with her own link and nothing else
    expect(received.map((m) => m.to)).toEqual([['ana@lakeside.example'], ['dee@lakeside.example']])
    for (const [i, message] of received.entries()) {
      const row = manifest.find((r) => r.recipient === message.to[0])
      expect(bodyOf(message.raw)).toContain(row?.claim_link)
      expect(message.raw).toMatch(/^Subject: Your badge: Formative Assessment$/m)
      expect(message.raw).toMatch(/^From: badges@lakeside\.example$/m)
      expect(message.raw).not.toMatch(/multipart|attachment|Content-Disposition/i)
      expect(bodyOf(message.raw)).not.toContain(row?.credential_id)
      expect(bodyOf(message.raw)).not.toContain('proof')
      expect(links.filter((l) => bodyOf(received[i]?.raw ?? '').includes(l))).toHaveLength(1)
    }

    // run again: the same links, no message sent twice, the refused address tried again
    const again = await runCli(args, dir)
    expect(again.stderr).toContain('e-mailed 0 claim links, 1 could not be sent')
    expect(received).toHaveLength(2)
    expect(await readFile(join(dir, 'out', 'manifest.csv'), 'utf8')).toBe(manifestText)
    expect((await readdir(join(dir, 'out'))).filter((f) => f.endsWith('.png'))).toHaveLength(4)

    // the service that serves this database as tenant "lakeside" answers each claim's page
    const key = JSON.parse(await readFile(join(dir, 'key.json'), 'utf8')) as unknown
    const server = await createServer({ db: join(dir, 'issuer.db'), baseUrl: 'https://badges.lakeside.example', logLevel: 'silent', fetch: null })
    try {
      await server.createTenant({ id: 'lakeside', name: 'Lakeside School District', key })
      for (const link of links) {
        const res = await server.app.request(new URL(link).pathname)
        expect([link, res.status]).toEqual([link, 200])
      }
    } finally {
      await server.close()
    }
  }, 120_000)

  it('refuses --smtp without claim links and --claim-base-url without an output folder', async () => {
    const base = ['issue', '--batch', 'roster.csv', '--template', 'template.json', '--key', 'key.json', '--db', 'issuer.db']
    expect((await runCli([...base, '--out-dir', 'o2', '--smtp', smtpUrl], dir)).stderr).toContain('--smtp goes with --claim-base-url')
    expect((await runCli([...base, '--claim-base-url', BASE], dir)).code).toBe(2)
    expect((await runCli([...base, '--out-dir', 'o2', '--claim-base-url', 'ftp://x'], dir)).stderr).toContain('--claim-base-url must be')
  })
})

/**
 * `ob3 status publish` writes every list a credential of the issuer may point at: the Bitstring
 * revocation and suspension lists, the multi-bit message list of a group with message status, and
 * the StatusList2021 form of the revocation and suspension bits for VC 1.1 credentials. Each
 * credential, read with the published files as its resources, gets the status it was given.
 */
import { readFile, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { CREDENTIALS_V1_URL } from '@ob3/core'
import { openIssuer } from '../src/issuer-context.js'
import { removeTempDirs, runCli, tempDir } from './helpers.js'

const BASE = 'https://lakeside.example/status'
const MESSAGES = ['valid', 'pending review', 'under appeal', 'withdrawn']
let dir: string

beforeAll(async () => {
  dir = await tempDir()
  expect((await runCli(['keys', 'generate', '--out', 'key.json'], dir)).code).toBe(0)
})
afterAll(removeTempDirs)

/** Publish, and map each printed URL to the file written for it. */
async function publish(): Promise<Map<string, string>> {
  const run = await runCli(['status', 'publish', '--key', 'key.json', '--db', 'issuer.db', '--out', 'lists'], dir)
  expect([run.code, run.stderr]).toEqual([0, ''])
  const map = new Map(run.stdout.trim().split('\n').map((line) => line.split(' → ') as [string, string]))
  await writeFile(join(dir, 'map.json'), JSON.stringify(Object.fromEntries(map)))
  return map
}

async function statusOf(file: string): Promise<{ status: string; code?: string; message: string }> {
  const run = await runCli(['verify', file, '--resources', 'map.json', '--json'], dir)
  return JSON.parse(run.stdout).checks.find((c: { id: string }) => c.id === 'status')
}

describe('ob3 status publish', () => {
  it('writes the Bitstring, message and StatusList2021 lists, and each credential reads its status from them', async () => {
    const ctx = await openIssuer({ key: 'key.json', db: 'issuer.db', 'status-base-url': BASE }, { cwd: dir } as never)
    let v11: Record<string, unknown>
    let withMessage: Record<string, unknown>
    try {
      v11 = (await ctx.issuer.issue({
        idempotencyKey: 'v11',
        credential: {
          '@context': [CREDENTIALS_V1_URL, { '@vocab': 'https://lakeside.example/vocab#' }],
          id: 'urn:uuid:7d1f6a3e-2b4c-4e8a-9f10-000000000011',
          type: ['VerifiableCredential', 'AttendanceCredential'],
          issuer: ctx.issuer.id,
          issuanceDate: '2026-03-01T00:00:00Z',
          credentialSubject: { id: 'did:example:teacher', note: 'attended' },
        },
      })).credential as Record<string, unknown>
      withMessage = (await ctx.issuer.issue({
        idempotencyKey: 'message',
        messageStatus: { statusSize: 2, messages: MESSAGES },
        credential: {
          '@context': ['https://www.w3.org/ns/credentials/v2', { '@vocab': 'https://lakeside.example/vocab#' }],
          id: 'urn:uuid:7d1f6a3e-2b4c-4e8a-9f10-000000000012',
          type: ['VerifiableCredential', 'AttendanceCredential'],
          issuer: ctx.issuer.id,
          validFrom: '2026-03-01T00:00:00Z',
          credentialSubject: { id: 'did:example:teacher', note: 'attended' },
        },
      })).credential as Record<string, unknown>
      expect(await ctx.issuer.setStatusValue(withMessage.id as string, 2, 'appeal lodged')).toBe(true)
    } finally {
      await ctx.close()
    }
    await writeFile(join(dir, 'v11.json'), JSON.stringify(v11))
    await writeFile(join(dir, 'message.json'), JSON.stringify(withMessage))
    expect((v11.credentialStatus as { type: string }).type).toBe('StatusList2021Entry')

    const lists = await publish()
    // One group per statusSize: the VC 1.1 credential's (1-bit lists) and the message credential's.
    const urls = [...lists.keys()]
    expect(urls).toHaveLength(9)
    for (const url of urls) expect(url.startsWith(`${BASE}/`)).toBe(true)
    const names = urls.map((u) => u.replace(/^.*\/[^/]+\/(revocation|suspension|message)/, '$1')).sort()
    expect(names).toEqual(['message', 'revocation', 'revocation', 'revocation/2021', 'revocation/2021', 'suspension', 'suspension', 'suspension/2021', 'suspension/2021'])
    for (const [url, file] of lists) {
      const list = JSON.parse(await readFile(file, 'utf8'))
      expect(list.id).toBe(url)
      expect(file.startsWith(join(dir, 'lists'))).toBe(true)
      expect(list.type).toEqual(['VerifiableCredential', url.endsWith('/2021') ? 'StatusList2021Credential' : 'BitstringStatusListCredential'])
      expect(file.endsWith(url.endsWith('/2021') ? `${url.split('/').at(-2)}/2021.json` : `${url.split('/').at(-1)}.json`)).toBe(true)
    }

    const entry = v11.credentialStatus as { statusListCredential: string; statusListIndex: string }
    expect(entry.statusListCredential.endsWith('/revocation/2021')).toBe(true)
    const [revocation, message] = withMessage.credentialStatus as { statusListCredential: string; statusListIndex: string }[]
    expect(await statusOf('v11.json')).toEqual({ id: 'status', status: 'passed', message: `not revoked (list ${entry.statusListCredential}, entry ${entry.statusListIndex})` })
    expect(await statusOf('message.json')).toEqual({
      id: 'status',
      status: 'warning',
      code: 'ERR_OB3_STATUS_MESSAGE',
      message: `not revoked (list ${revocation!.statusListCredential}, entry ${revocation!.statusListIndex}); the message status 0x2 "under appeal" (list ${message!.statusListCredential}, entry ${message!.statusListIndex})`,
    })

    const revoke = await runCli(['revoke', v11.id as string, '--key', 'key.json', '--db', 'issuer.db'], dir)
    expect([revoke.code, revoke.stdout]).toEqual([0, `${v11.id}: revoked\n`])
    await publish()
    expect(await statusOf('v11.json')).toEqual({ id: 'status', status: 'failed', code: 'ERR_OB3_STATUS_REVOKED', message: `revoked by its issuer (list ${entry.statusListCredential}, entry ${entry.statusListIndex})` })
  })
})

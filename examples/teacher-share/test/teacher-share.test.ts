import { mkdtemp, readFile, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { teacherShare } from '../src/main.js'

const dirs: string[] = []
afterAll(() => Promise.all(dirs.map((d) => rm(d, { recursive: true, force: true }))))

describe('examples/teacher-share', () => {
  it('imports a baked badge, adds its artifacts, shares it by QR, and the share verifies', async () => {
    const outDir = await mkdtemp(join(tmpdir(), 'ob3-teacher-share-'))
    dirs.push(outDir)
    const lines: string[] = []
    const result = await teacherShare({ outDir, passphrase: 'a passphrase for the example test', log: (l) => lines.push(l) })
    expect(result.report.verified).toBe(true)
    expect(result.report.checks.find((c) => c.id === 'holder')?.status).toBe('passed')
    expect(result.report.artifacts?.filter((a) => a.shared).map((a) => a.matches)).toEqual([true])
    expect(result.link.startsWith('https://verify.ob3.example/#ob3s1.')).toBe(true)
    expect(await readFile(join(outDir, 'share-link.txt'), 'utf8')).toBe(result.link + '\n')
    expect([...(await readFile(join(outDir, 'share-qr.png'))).subarray(0, 4)]).toEqual([0x89, 0x50, 0x4e, 0x47])
    expect(await readFile(join(outDir, 'share-qr.svg'), 'utf8')).toMatch(/^<svg/)
    expect(lines.join('\n')).toMatch(/imported urn:uuid:[\s\S]*present\s+Rivera - park ideas - Amira[\s\S]*VERIFIED/)
    // Run again on the same wallet: it opens with the same holder and shares again.
    const again = await teacherShare({ outDir, passphrase: 'a passphrase for the example test', log: (l) => lines.push(l) })
    expect(again.holder).toBe(result.holder)
    expect(again.report.verified).toBe(true)
  })
})

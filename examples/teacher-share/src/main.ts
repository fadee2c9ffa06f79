/**
 * A teacher-facing app's flow with @ob3/wallet, step by step:
 *   1. open (or create) the teacher's wallet, protected by her passphrase;
 *   2. import her baked badge — verified before it is stored;
 *   3. add the artifact files behind it to the vault (each checked against the badge's digests);
 *   4. share the badge with one of its artifacts, as a link and a QR code that expire;
 *   5. (what the employer's side does) open the link and verify it.
 *
 * Run: `pnpm --filter @ob3/example-teacher-share start [badge.png artifact...]`
 * (with no arguments, a sample badge is issued to the wallet's holder first).
 */
import { mkdir, readFile, readdir, writeFile } from 'node:fs/promises'
import { basename, join, resolve } from 'node:path'
import { pathToFileURL } from 'node:url'
import { createResourceFetch, openShareLink, shareArtifactFiles, type LocalResource } from '@ob3/core'
import { verify, type VerificationReport } from '@ob3/verifier'
import { initWallet, openWallet, type Wallet } from '@ob3/wallet'
import { createDirectoryUploadAdapter, openSqliteWalletStore, renderShareQr } from '@ob3/wallet/node'
import { sampleArtifacts, sampleBadge, type ArtifactFile } from './sample-badge.js'

/** Options for {@link teacherShare}. */
export interface TeacherShareOptions {
  /** Where the wallet, the QR codes and the hosted bundles go. */
  outDir: string
  /** The wallet's passphrase. */
  passphrase: string
  /** The baked badge; default: a sample issued to the wallet's holder. */
  badge?: Uint8Array
  /** The artifact files; default: the sample's. */
  artifacts?: ArtifactFile[]
  /** The verifier page the link opens. */
  baseUrl?: string
  /** Where hosted bundles are served from (the `shares/` directory, as static files). */
  publicUrl?: string
  /** Progress, for a person to follow. */
  log?: (line: string) => void
}

/** What the flow produced. */
export interface TeacherShareResult {
  holder: string
  credentialId: string
  link: string
  kind: 'inline' | 'hosted'
  report: VerificationReport
}

/**
 * The whole flow: wallet, import, artifacts, share by QR, and the employer's check.
 * @example `const { link, report } = await teacherShare({ outDir: 'out', passphrase })`
 */
export async function teacherShare(options: TeacherShareOptions): Promise<TeacherShareResult> {
  const log = options.log ?? (() => undefined)
  const baseUrl = options.baseUrl ?? 'https://verify.ob3.example/'
  const publicUrl = options.publicUrl ?? 'https://teacher.example.org/shares/'
  const sharesDir = join(options.outDir, 'shares')
  await mkdir(sharesDir, { recursive: true })

  // 1 ─ the wallet: one SQLite file; the holder key inside is sealed under the passphrase.
  const store = await openSqliteWalletStore({ path: join(options.outDir, 'wallet.db') })
  const fresh = (await store.getMeta('format')) === undefined
  const wallet: Wallet = fresh
    ? await initWallet({ store, passphrase: options.passphrase, verify: (request) => verify(request) })
    : await openWallet({ store, passphrase: options.passphrase, verify: (request) => verify(request) })
  log(`${fresh ? 'created' : 'opened'} the wallet; holder ${wallet.holder}`)
  try {
    // 2 ─ import the baked badge: verified first, refused if it does not verify.
    const artifacts = options.artifacts ?? sampleArtifacts()
    const badge = options.badge ?? (await sampleBadge(wallet.holder, artifacts))
    const imported = (await wallet.importCredential(badge, { label: 'badge.png' })).credentials[0]
    if (imported === undefined) throw new Error('the badge held no credential')
    log(`${imported.status} ${imported.id} (${imported.name ?? 'unnamed'})`)

    // 3 ─ the artifacts behind it go into the vault, each checked against the badge's digests.
    for (const a of artifacts) {
      const added = await wallet.addArtifact({ bytes: a.bytes, name: a.name, mediaType: a.mediaType, credentialId: imported.id })
      log(`vault: ${a.name} → ${added.digest}`)
    }
    for (const e of await wallet.artifactStatus(imported.id)) log(`  ${e.state.padEnd(8)} ${e.evidence}`)

    // 4 ─ share the badge with its first artifact only, for 30 days, by link and QR code.
    const first = (await wallet.artifactStatus(imported.id))[0]?.artifact?.digest
    const upload = createDirectoryUploadAdapter({ directory: sharesDir, publicBaseUrl: publicUrl })
    const { link, share } = await wallet.share({
      credentialIds: [imported.id], artifactDigests: first === undefined ? [] : [first],
      expiresAt: new Date(Date.now() + 30 * 86_400_000), baseUrl, upload,
    })
    const qr = await renderShareQr(link)
    await writeFile(join(options.outDir, 'share-link.txt'), link + '\n')
    await writeFile(join(options.outDir, 'share-qr.png'), qr.png)
    await writeFile(join(options.outDir, 'share-qr.svg'), qr.svg)
    log(`shared (${share.kind}, expires ${share.expiresAt}); QR code at error correction ${qr.errorCorrectionLevel}:`)
    log(qr.terminal)

    // 5 ─ the employer opens the link (a hosted bundle is served from shares/) and verifies it.
    const served: Record<string, LocalResource> = {}
    for (const name of await readdir(sharesDir)) served[publicUrl + name] = () => readFile(join(sharesDir, name)).then((b) => new Uint8Array(b))
    const document = await openShareLink(link, { fetch: createResourceFetch({ resources: served }) })
    const report = await verify({ input: document.presentation, artifacts: shareArtifactFiles(document), label: 'share link' })
    log(`the employer's check: ${report.verified ? 'VERIFIED' : 'NOT VERIFIED'} (${report.checks.filter((c) => c.status === 'passed').map((c) => c.id).join(', ')})`)
    return { holder: wallet.holder, credentialId: imported.id, link, kind: share.kind, report }
  } finally {
    await wallet.close()
  }
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  const [badgePath, ...artifactPaths] = process.argv.slice(2)
  const outDir = resolve(process.env.INIT_CWD ?? process.cwd(), 'teacher-share-out')
  const result = await teacherShare({
    outDir,
    passphrase: process.env.OB3_WALLET_PASSPHRASE ?? 'example passphrase, not for real use',
    ...(badgePath === undefined ? {} : { badge: new Uint8Array(await readFile(badgePath)) }),
    ...(artifactPaths.length === 0 ? {} : {
      artifacts: await Promise.all(artifactPaths.map(async (p) => ({ name: basename(p), mediaType: 'application/octet-stream', bytes: new Uint8Array(await readFile(p)) }))),
    }),
    log: (line) => console.log(line),
  })
  console.log(`\n${result.link}\n\nFiles are in ${outDir}/.`)
  process.exitCode = result.report.verified ? 0 : 1
}

import { existsSync } from 'node:fs'
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises'
import { join, relative, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { bakePng, bakeSvg, createEd25519Signer, createResourceFetch, generateEd25519Key } from '@ob3/core'
import { Assessments, Issuer, buildEndorsement, defineMicroCredential, findMicroCredential, issueCredential, loadCatalogue, memoryArtifactStore } from '@ob3/issuer'
import { openSqliteStore } from '@ob3/issuer/node'
import { parseTrustRegistry, verify, type VerificationReport } from '@ob3/verifier'
import { initWallet } from '@ob3/wallet'
import { createDirectoryUploadAdapter, openSqliteWalletStore, renderShareQr } from '@ob3/wallet/node'
import { drawBadgePng, drawBadgeSvg } from './draw-badge.js'
import { SUBMISSION, narrator } from './story.js'

const out = resolve(process.env.INIT_CWD ?? process.cwd(), 'demo-out')
const show = (path: string) => relative(process.cwd(), path) || path
const { step, detail } = narrator()
const IDEA_GENERATING = 'https://academy.northwind.example/micro-credentials/idea-generating'
const STATUS_BASE = 'https://academy.northwind.example/status'
const VERIFY_PAGE = 'https://verify.northwind.example/'
const SHARE_HOST = 'https://shares.northwind.example/s/'

async function save(name: string, content: string | Uint8Array): Promise<void> {
  const path = join(out, name)
  await writeFile(path, content)
  detail(`wrote ${show(path)}`)
}

function summary(report: VerificationReport): string {
  const failed = report.checks.filter((c) => c.status === 'failed').map((c) => `${c.id} (${c.code ?? ''})`)
  const warned = report.checks.filter((c) => c.status === 'warning').map((c) => c.id)
  return `${report.verified ? 'VERIFIED' : 'NOT VERIFIED'}${failed.length > 0 ? ` — failed: ${failed.join(', ')}` : ''}${warned.length > 0 ? ` — remarks: ${warned.join(', ')}` : ''}`
}

console.log('ob3 demo: one micro-credential, from the catalogue to the employer\'s check.')
await rm(out, { recursive: true, force: true })
await mkdir(join(out, 'artifacts'), { recursive: true })

// 1 ─ who is who
step('Northwind Educator Academy, the Lakeland Department of Education and Ms. Rivera, a teacher, each have a key.')
const providerKey = await generateEd25519Key()
const stateKey = await generateEd25519Key()
const teacherKey = await generateEd25519Key()
detail(`provider: ${providerKey.controller}`)
detail(`state:    ${stateKey.controller}`)
detail(`teacher:  ${teacherKey.controller}`)
const signer = await createEd25519Signer(providerKey)
const store = await openSqliteStore({ path: join(out, 'issuer.db') })
await store.migrate()
const issuer = new Issuer({ store, profile: { id: providerKey.controller, name: 'Northwind Educator Academy', url: 'https://academy.northwind.example' }, signer, statusBaseUrl: STATUS_BASE })

// 2 ─ the catalogue
const catalogueFile = fileURLToPath(new URL('../../catalogues/deeper-learning-sample.yaml', import.meta.url))
const catalogue = loadCatalogue(await readFile(catalogueFile, 'utf8'))
const definition = findMicroCredential(catalogue, IDEA_GENERATING)
if (definition === undefined) throw new Error('the sample catalogue has no Idea Generating')
const count = catalogue.categories.reduce((n, c) => n + c.microCredentials.length, 0)
step(`The provider's catalogue: ${count} Deeper Learning micro-credentials in ${catalogue.categories.length} categories. Ms. Rivera picks "${definition.name}".`)
detail(definition.competency)
for (const part of definition.evidenceParts) detail(`${part.name}${part.wordLimit === undefined ? '' : ` (at most ${part.wordLimit} words each)`}`)
detail(`${definition.creditsAvailable ?? 0} clock hours; scored on a rubric, each part needing its required level`)

// 3 ─ the submission
step('She submits her evidence. Files are hashed on intake; the credential will name them by hash only.')
const artifacts = memoryArtifactStore()
const assessments = new Assessments({ store, issuer, microCredentials: (id) => findMicroCredential(catalogue, id), artifacts })
const workA = drawBadgePng(64, { ring: [90, 90, 90], band: [200, 80, 60], field: [250, 240, 200], star: [60, 120, 200] })
const workB = drawBadgePng(64, { ring: [40, 90, 40], band: [240, 200, 60], field: [230, 245, 230], star: [200, 60, 90] })
await save('artifacts/student-work-a.png', workA)
await save('artifacts/student-work-b.png', workB)
const evidence = {
  answers: SUBMISSION.answers.map((text) => ({ part: 'overview', text })),
  artifacts: [
    { part: 'student-work', name: 'Rivera - park ideas - Amira.png', mediaType: 'image/png', bytes: workA, genre: 'Student work' },
    { part: 'student-work', name: 'Rivera - park ideas - Ben.png', mediaType: 'image/png', bytes: workB, genre: 'Student work' },
  ],
  reflections: [
    ...SUBMISSION.reflections.map((text) => ({ part: 'student-reflections', text })),
    { part: 'teacher-reflection', text: SUBMISSION.teacherReflection },
  ],
}
const provider = { role: 'issuer', id: 'northwind-staff' } as const
const teacher = { role: 'educator', id: teacherKey.controller } as const
const submission = await assessments.submit(teacher, { achievementId: IDEA_GENERATING, educator: { id: teacherKey.controller, name: 'Ms. J. Rivera' }, evidence })
detail(`submission ${submission.submissionId}, attempt 1${submission.warnings.length === 0 ? '' : `; ${submission.warnings.length} warnings for her: ${submission.warnings.map((w) => `${w.path} (${w.kind})`).join(', ')}`}`)

// 4 ─ double-blind review, a return, a resubmission
step('A trained assessor scores it, double-blind: she sees a pseudonym, a review handle and neutral file names, never the teacher.')
await assessments.assign(provider, submission.submissionId, 'assessor-17')
const assessor17 = { role: 'assessor', id: 'assessor-17' } as const
const [view] = await assessments.assessorQueue(assessor17)
if (view === undefined) throw new Error('the assessor has nothing to review')
detail(`the assessor sees: "${view.pseudonym}", ${view.artifacts.map((a) => `${a.label} (${a.name}, metadata ${a.metadata})`).join(', ')}`)
const seen = JSON.stringify(view)
detail(`no name, DID, file name or submission id in her view: ${!seen.includes('Rivera') && !seen.includes(teacherKey.controller) && !seen.includes(submission.submissionId) ? 'confirmed' : 'NOT CONFIRMED'}`)
await assessments.score(assessor17, view.review, {
  levels: { overview: 'Not yet', 'student-work': 'Yes', 'student-reflections': 'Pass', 'teacher-reflection': 'Pass' },
  feedback: { parts: { overview: 'Name each step of the method as your students met it, day by day.' } },
})
await assessments.returnForRevision(provider, submission.submissionId)
const returned = await assessments.educatorView(teacher, submission.submissionId)
detail(`Part 1 is below the required level: returned. Ms. Rivera reads: "${returned.feedback?.parts?.overview ?? ''}"`)
await assessments.resubmit(teacher, submission.submissionId, { ...evidence, answers: [{ part: 'overview', text: SUBMISSION.revisedFirstAnswer }, { part: 'overview', text: SUBMISSION.answers[1] as string }] })
await assessments.assign(provider, submission.submissionId, 'assessor-04')
const assessor04 = { role: 'assessor', id: 'assessor-04' } as const
const [second] = await assessments.assessorQueue(assessor04)
if (second === undefined) throw new Error('the second assessor has nothing to review')
await assessments.score(assessor04, second.review, { levels: { overview: 'Pass', 'student-work': 'Yes', 'student-reflections': 'Pass', 'teacher-reflection': 'Pass' } })
detail(`revised and resubmitted (attempt 2); a second assessor, who knows it as "${second.pseudonym}", scores every part at its required level`)

// 5 ─ the award
step('The provider reviews the assessment and awards the micro-credential, with a revocation status entry.')
const awarded = await assessments.approve(provider, submission.submissionId)
const credential = awarded.credential
detail(`${String(credential.id)}: results for ${(credential.credentialSubject as { result: unknown[] }).result.length} rubric parts, ${(credential.evidence as unknown[]).length} evidence digests`)
await save('credential.json', JSON.stringify(credential, null, 2) + '\n')
const { proof: _proof, ...unsigned } = credential
const jwt = await issueCredential({ credential: unsigned, signer, format: 'vc-jwt' })
if (jwt.format === 'vc-jwt') await save('credential.jwt', jwt.jwt + '\n')
const trail = await assessments.audit(teacher, submission.submissionId)
detail(`audit trail, as Ms. Rivera sees it: ${trail.map((e) => `${e.action} (${e.actor})`).join(' → ')}`)

// 6 ─ status list
step('The provider publishes its signed revocation list (131,072 entries; her entry is one random index among them).')
const group = (await issuer.statusListGroups())[0]
if (group === undefined) throw new Error('no status list group')
const revocationList = await issuer.publishStatusList(group.id, 'revocation')
await save('status-list.json', JSON.stringify(revocationList, null, 2) + '\n')
const statusListFile = 'status-list.json'

// 7 ─ endorsement
step('The Lakeland Department of Education endorses the micro-credential for recertification hours.')
const endorsement = buildEndorsement({
  issuer: { id: stateKey.controller, name: 'Lakeland Department of Education' },
  subjectId: IDEA_GENERATING,
  name: 'Approved for educator license renewal',
  comment: `Counts for **${definition.creditsAvailable ?? 0} clock hours** toward renewal of a Lakeland teaching license.`,
})
const signedEndorsement = await issueCredential({ credential: endorsement, signer: await createEd25519Signer(stateKey) })
await save('endorsement.json', JSON.stringify(signedEndorsement.credential, null, 2) + '\n')

// 8 ─ badges
step('The credential is baked into badge images, so the badge itself carries the proof.')
const badgePng = await bakePng({ image: drawBadgePng(256), credential })
const badgeSvg = await bakeSvg({ image: drawBadgeSvg(definition.name, 'DEEPER LEARNING'), credential })
await save('badge.png', badgePng)
await save('badge.svg', badgeSvg)

// 9 ─ verification
step('An employer verifies every form offline: the status list comes from a file, and the provider is on the state\'s list of approved providers.')
const fetch = createResourceFetch({ resources: { [group.revocationListUrl]: JSON.stringify(revocationList) } })
const trust = parseTrustRegistry({
  name: 'Lakeland approved providers',
  entries: [
    { id: providerKey.controller, name: 'Northwind Educator Academy', trustedFor: ['issuer'] },
    { id: stateKey.controller, name: 'Lakeland Department of Education', trustedFor: ['endorser'] },
  ],
})
const reports: VerificationReport[] = []
for (const [label, input] of [['credential.json', credential], ['credential.jwt', jwt.format === 'vc-jwt' ? jwt.jwt : ''], ['badge.png', badgePng], ['badge.svg', badgeSvg]] as const) {
  const report = await verify({ input, label, fetch, trust, endorsements: [signedEndorsement.credential] })
  reports.push(report)
  detail(`${label.padEnd(16)} ${summary(report)}`)
}
const endorsementReport = await verify({ input: signedEndorsement.credential, label: 'endorsement.json' })
detail(`${'endorsement.json'.padEnd(16)} ${summary(endorsementReport)}`)

// 10 ─ the teacher's wallet and her share
step('Ms. Rivera keeps the badge in her wallet with her evidence files, and shares it with one of the two student samples.')
const walletStore = await openSqliteWalletStore({ path: join(out, 'wallet.db') })
const wallet = await initWallet({ store: walletStore, passphrase: 'demo passphrase: not a real one', key: teacherKey, verify: (request) => verify({ ...request, fetch, trust }) })
const imported = (await wallet.importCredential(badgePng, { label: 'badge.png' })).credentials[0]
if (imported === undefined) throw new Error('the wallet imported nothing')
await wallet.addArtifact({ bytes: workA, name: 'park ideas (Amira).png', mediaType: 'image/png', credentialId: imported.id })
await wallet.addArtifact({ bytes: workB, name: 'park ideas (Ben).png', mediaType: 'image/png', credentialId: imported.id })
const present = await wallet.artifactStatus(imported.id)
detail(`in the wallet: "${definition.name}", evidence ${present.map((a) => a.state).join(' and ')}`)
const chosen = present[0]?.artifact?.digest
if (chosen === undefined) throw new Error('no artifact to share')
await mkdir(join(out, 'shares'), { recursive: true })
const upload = createDirectoryUploadAdapter({ directory: join(out, 'shares'), publicBaseUrl: SHARE_HOST })
const shared = await wallet.share({ credentialIds: [imported.id], artifactDigests: [chosen], expiresAt: new Date(Date.now() + 30 * 86_400_000), baseUrl: VERIFY_PAGE, upload, revocable: true })
detail(`${shared.share.kind} link, valid 30 days, signed by her holder key; the share host holds only ciphertext`)
await save('presentation.json', JSON.stringify(shared.presentation.presentation, null, 2) + '\n')
await save('share-link.txt', shared.link + '\n')
const qr = await renderShareQr(shared.link)
await save('share-qr.png', qr.png)
await save('share-qr.svg', qr.svg)
detail(`QR code with error correction ${qr.errorCorrectionLevel}`)

// 11 ─ the employer opens the link
step('An employer opens the link: the holder\'s proof, the credential, the state\'s endorsement and the shared file, all checked.')
// The share host, as the employer's browser sees it: the bundle while it exists, 404 once revoked.
const bundleFile = join(out, 'shares', String(shared.share.bundleUrl).slice(SHARE_HOST.length))
const employerFetch = createResourceFetch({
  resources: {
    [group.revocationListUrl]: JSON.stringify(revocationList),
    [String(shared.share.bundleUrl)]: async () => (existsSync(bundleFile) ? new Uint8Array(await readFile(bundleFile)) : undefined),
  },
})
const shareReport = await verify({ input: shared.link, label: 'share-link.txt', fetch: employerFetch, trust, endorsements: [signedEndorsement.credential] })
reports.push(shareReport)
detail(`share link       ${summary(shareReport)}`)
for (const a of shareReport.artifacts ?? []) detail(`artifact "${a.evidence}": ${a.shared ? (a.matches === true ? 'shared, matches the credential' : 'shared, DOES NOT MATCH') : 'not shared'}`)
await save('report.json', JSON.stringify(shareReport, null, 2) + '\n')

// 10 ─ revocation and tampering
step('Another award is revoked, someone edits a copy of the credential, and Ms. Rivera revokes a second share she made: all three are caught.')
const other = await issuer.award({ idempotencyKey: 'demo-revoked', achievement: defineMicroCredential(definition), recipient: { email: 'b.okafor@school.example' } })
await issuer.revoke(other.record.id, 'awarded in error')
const listAfter = await issuer.publishStatusList(group.id, 'revocation')
// The list as it stands now (her award still in good standing, the other one revoked).
await save(statusListFile, JSON.stringify(listAfter, null, 2) + '\n')
const revokedReport = await verify({ input: other.credential, label: 'revoked', fetch: createResourceFetch({ resources: { [group.revocationListUrl]: JSON.stringify(listAfter) } }) })
detail(`revoked award:    ${summary(revokedReport)}`)
const tampered = await verify({ input: { ...credential, name: 'Master Teacher' }, label: 'tampered', fetch })
detail(`tampered copy:    ${summary(tampered)}`)
// A second share of the same badge, which she revokes; the first stays live in share-link.txt.
const revokedShare = await wallet.share({ credentialIds: [imported.id], expiresAt: new Date(Date.now() + 30 * 86_400_000), baseUrl: VERIFY_PAGE, upload, revocable: true })
await save('share-link-revoked.txt', revokedShare.link + '\n')
await wallet.revokeShare(revokedShare.share.id, { upload })
const secondBundle = join(out, 'shares', String(revokedShare.share.bundleUrl).slice(SHARE_HOST.length))
const afterRevoke = await verify({
  input: revokedShare.link,
  label: 'revoked share',
  fetch: createResourceFetch({ resources: { [String(revokedShare.share.bundleUrl)]: async () => (existsSync(secondBundle) ? new Uint8Array(await readFile(secondBundle)) : undefined) } }),
})
detail(`revoked share:    ${summary(afterRevoke)}`)
await wallet.close()
await store.close()

// 13 ─ what a newcomer needs to check the outputs with no network
step('Every URL the outputs name, mapped to a file here (resources.json): they verify offline, by the command and in the page.')
const resources: Record<string, string> = {
  [group.revocationListUrl]: statusListFile,
  [String(shared.share.bundleUrl)]: relative(out, bundleFile),
}
await save('resources.json', JSON.stringify(resources, null, 2) + '\n')
const offline = await verify({ input: shared.link, label: 'share-link.txt', fetch: createResourceFetch({ resources: Object.fromEntries(await Promise.all(Object.entries(resources).map(async ([url, file]) => [url, new Uint8Array(await readFile(join(out, file)))]))) }) })
reports.push(offline)
detail(`share-link.txt with resources.json only: ${summary(offline)}`)
detail(`pnpm --silent ob3 verify "$(cat ${show(join(out, 'share-link.txt'))})" --resources ${show(join(out, 'resources.json'))}`)
detail(`pnpm ob3 page --resources ${show(join(out, 'resources.json'))}   (then open the printed address followed by the link's #ob3s1… part)`)

const ok = reports.every((r) => r.verified) && endorsementReport.verified && !revokedReport.verified && !tampered.verified && !afterRevoke.verified
console.log(`\nDone: ${ok ? 'every form verified; the revoked award, the tampered copy and the revoked share were refused' : 'SOMETHING WENT WRONG — see above'}. Files are in ${show(out)}/.`)
process.exitCode = ok ? 0 : 1

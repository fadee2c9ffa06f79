import { mkdir, rm, writeFile } from 'node:fs/promises'
import { join, relative, resolve } from 'node:path'
import { bakePng, bakeSvg, createEd25519Signer, generateEd25519Key, utf8 } from '@ob3/core'
import { buildCredential, issueCredential } from '@ob3/issuer'
import { verify, type VerificationReport } from '@ob3/verifier'
import { IDEA_GENERATING, PROVIDER, resultsFor } from './catalogue.js'
import { drawBadgePng, drawBadgeSvg } from './draw-badge.js'

const out = resolve(process.env.INIT_CWD ?? process.cwd(), 'demo-out')
let step = 0
const say = (text: string) => console.log(`\n${++step}. ${text}`)
const detail = (text: string) => console.log(`   ${text}`)
const show = (path: string) => relative(process.cwd(), path) || path

async function save(name: string, content: string | Uint8Array): Promise<string> {
  const path = join(out, name)
  await writeFile(path, content)
  detail(`wrote ${show(path)}`)
  return path
}

function summarize(report: VerificationReport): string {
  const failed = report.checks.filter((c) => c.status === 'failed').map((c) => `${c.id} (${c.code ?? ''})`)
  const warned = report.checks.filter((c) => c.status === 'warning').map((c) => c.id)
  return `${report.verified ? 'VERIFIED' : 'NOT VERIFIED'}${failed.length > 0 ? ` — failed: ${failed.join(', ')}` : ''}${warned.length > 0 ? ` — remarks: ${warned.join(', ')}` : ''}`
}

console.log('ob3 demo: one micro-credential, from the provider\'s keys to the employer\'s check.')
await rm(out, { recursive: true, force: true })
await mkdir(join(out, 'artifacts'), { recursive: true })

say(`${PROVIDER.name} creates its signing key; the teacher, Ms. Rivera, has her own.`)
const providerKey = await generateEd25519Key()
const teacherKey = await generateEd25519Key()
detail(`provider: ${providerKey.controller}`)
detail(`teacher:  ${teacherKey.controller}`)

say(`The micro-credential "${IDEA_GENERATING.name}" (Deeper Learning: think critically) with a four-part rubric.`)
for (const part of IDEA_GENERATING.resultDescription as { name: string; rubricCriterionLevel: { name: string }[] }[]) {
  detail(`${part.name}: ${part.rubricCriterionLevel.map((l) => l.name).join(' / ')}`)
}
detail(`credit: ${String(IDEA_GENERATING.creditsAvailable)} clock hours`)

say('Ms. Rivera\'s evidence: a lesson plan and a student\'s work sample. They stay with her; the credential names them by hash only.')
const lessonPlan = utf8('# Brainstorming week: city park redesign\n\nDay 1 — ground rules and a 10-minute silent idea burst.\nDay 2 — group ideas on the wall, dot-vote the top three.\nDay 3 — sketch and expand; gallery walk; exit ticket on what worked.\n')
const studentWork = drawBadgePng(64, { ring: [90, 90, 90], band: [200, 80, 60], field: [250, 240, 200], star: [60, 120, 200] })
await save('artifacts/lesson-plan.md', lessonPlan)
await save('artifacts/student-work-sample.png', studentWork)

say('The assessor scored every part at the passing level; the provider awards the micro-credential.')
const credential = await buildCredential({
  issuer: { id: providerKey.controller, ...PROVIDER },
  award: {
    achievement: IDEA_GENERATING,
    recipient: { id: teacherKey.controller },
    results: resultsFor({ overview: 'pass', 'student-work': 'yes', 'student-reflections': 'pass', 'teacher-reflection': 'pass' }),
    creditsEarned: 15,
    artifacts: [
      { name: 'Lesson plan: brainstorming week', mediaType: 'text/markdown', genre: 'Lesson plan', bytes: lessonPlan },
      { name: 'Student work sample A', mediaType: 'image/png', genre: 'Student work', bytes: studentWork },
    ],
  },
})
const signer = await createEd25519Signer(providerKey)
const ldp = await issueCredential({ credential, signer })
const jwt = await issueCredential({ credential, signer, format: 'vc-jwt' })
const evidence = credential.evidence as { name: string; digestMultibase: string }[]
for (const e of evidence) detail(`evidence "${e.name}" → ${e.digestMultibase}`)
await save('credential.json', JSON.stringify(ldp.credential, null, 2) + '\n')
if (jwt.format === 'vc-jwt') await save('credential.jwt', jwt.jwt + '\n')

say('The credential is baked into badge images, so the badge itself carries the proof.')
const badgePng = await bakePng({ image: drawBadgePng(256), credential: ldp.credential })
const badgeSvg = await bakeSvg({ image: drawBadgeSvg(IDEA_GENERATING.name, 'DEEPER LEARNING'), credential: ldp.credential })
await save('badge.png', badgePng)
await save('badge.svg', badgeSvg)

say('An employer verifies each form of the credential, offline.')
const reports: VerificationReport[] = []
for (const [label, input] of [
  ['credential.json', JSON.stringify(ldp.credential)],
  ['credential.jwt', jwt.format === 'vc-jwt' ? jwt.jwt : ''],
  ['badge.png', badgePng],
  ['badge.svg', badgeSvg],
] as const) {
  const report = await verify({ input, label })
  reports.push(report)
  detail(`${label.padEnd(16)} ${summarize(report)}`)
}
await save('report.json', JSON.stringify(reports[0], null, 2) + '\n')

say('Someone edits the credential\'s name after signing; the employer\'s check catches it.')
const tampered = await verify({ input: { ...ldp.credential, name: 'Master Teacher' }, label: 'tampered' })
detail(summarize(tampered))
const proofCheck = tampered.checks.find((c) => c.id === 'proof')
detail(`proof: ${proofCheck?.message ?? ''}`)

const allGood = reports.every((r) => r.verified) && !tampered.verified
console.log(`\nDone: ${allGood ? 'every form verified, and the tampered copy was refused' : 'SOMETHING WENT WRONG — see above'}. Files are in ${show(out)}/.`)
process.exitCode = allGood ? 0 : 1

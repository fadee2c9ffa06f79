// A hiring system checks the share link a candidate pasted into her application.
import { checkCandidate } from './check-candidate.js'
import { scenario } from './scenario.js'

const challenge = 'application-2026-0314'
const { link, trust } = await scenario(challenge)
console.log(`candidate's link: ${link.slice(0, 72)}…`)
const check = await checkCandidate({ link, trust, challenge })
console.log(check.accepted ? 'ACCEPTED' : 'NOT ACCEPTED')
for (const c of check.credentials) console.log(`  ${c.name} — ${c.issuer}${c.creditsEarned === null ? '' : `, ${c.creditsEarned} clock hours`}`)
for (const r of check.reasons) console.log(`  ✗ ${r}`)
const replayed = await checkCandidate({ link, trust, challenge: 'application-2026-0999' })
console.log(`the same link on another application: ${replayed.accepted ? 'ACCEPTED (wrong!)' : 'NOT ACCEPTED'} — ${replayed.reasons[0] ?? ''}`)
process.exitCode = check.accepted && !replayed.accepted ? 0 : 1

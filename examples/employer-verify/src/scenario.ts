import { createEd25519Signer, ed25519KeyFromSeed } from '@ob3/core'
import { buildCredential, issueCredential } from '@ob3/issuer'
import { parseTrustRegistry, verify } from '@ob3/verifier'
import { createMemoryWalletStore, initWallet } from '@ob3/wallet'

/**
 * A provider awards a teacher a micro-credential; the teacher shares it by link, answering the
 * employer's challenge. Fixed keys, so the example is the same every run.
 */
export async function scenario(challenge: string) {
  const provider = await ed25519KeyFromSeed(new Uint8Array(32).fill(21))
  const teacher = await ed25519KeyFromSeed(new Uint8Array(32).fill(22))
  const credential = await buildCredential({
    issuer: { id: provider.controller, name: 'Riverbend Project Learning Institute' },
    award: {
      achievement: {
        id: 'https://riverbend.example/micro-credentials/formative-assessment',
        name: 'Formative Assessment',
        description: 'Checks for understanding during a project and adjusts teaching from what they show.',
        criteria: { narrative: 'A project plan with three checkpoints, two student samples and a reflection.' },
        achievementType: 'MicroCredential',
      },
      recipient: { id: teacher.controller },
      creditsEarned: 2,
    },
  })
  const { credential: signed } = await issueCredential({ credential, signer: await createEd25519Signer(provider) })
  const wallet = await initWallet({ store: createMemoryWalletStore(), passphrase: 'example passphrase', key: teacher, scryptN: 2 ** 15, verify: (r) => verify(r) })
  const [held] = (await wallet.importCredential(signed)).credentials
  if (held === undefined) throw new Error('the wallet refused the credential')
  const { link } = await wallet.share({ credentialIds: [held.id], expiresAt: new Date(Date.now() + 7 * 86_400_000), baseUrl: 'https://careers.lakeside.example/verify', challenge })
  const trust = parseTrustRegistry({ name: 'Lakeside approved PD providers', entries: [{ id: provider.controller, name: 'Riverbend Project Learning Institute' }] })
  return { link, trust }
}

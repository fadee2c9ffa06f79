import { isOb3Error, openShareLink, shareArtifactFiles } from '@ob3/core'
import { finishReport, type VerificationReport } from './report.js'

/** Whether a text is a share link (`<page URL>#ob3s1.…`, or the bare fragment). */
export function isShareLink(text: string): boolean {
  const t = text.trim()
  return /^https?:\/\/[^\s#]*#ob3s1\./.test(t) || t.startsWith('ob3s1.') || t.startsWith('#ob3s1.')
}

/**
 * Open a share link and verify what it holds: the holder's presentation, with the shared artifact
 * files checked against the credentials' evidence digests. A hosted share that its host no longer
 * has (revoked by the holder, or expired and removed) fails `expiry-of-share`; a link that cannot
 * be opened fails `parse`.
 * @internal
 */
export async function verifyShareLink(
  link: string,
  fetch: typeof globalThis.fetch | undefined,
  label: string,
  verifyDocument: (presentation: unknown, artifacts: { name: string; bytes: Uint8Array }[]) => Promise<VerificationReport>,
): Promise<VerificationReport> {
  const text = link.trim()
  const normalized = text.startsWith('ob3s1.') ? `#${text}` : text
  try {
    const document = await openShareLink(normalized, { fetch })
    const report = await verifyDocument(document.presentation, shareArtifactFiles(document).map(({ name, bytes }) => ({ name, bytes })))
    const parse = report.checks.find((c) => c.id === 'parse')
    if (parse !== undefined && parse.status === 'passed') parse.message = `a share link holding ${parse.message}`
    return { ...report, format: 'link' }
  } catch (err) {
    if (!isOb3Error(err)) throw err
    if (err.code === 'ERR_OB3_SHARE_GONE') {
      return finishReport({
        input: label,
        kind: 'presentation',
        format: 'link',
        checks: [
          { id: 'parse', status: 'passed', message: 'a hosted share link' },
          { id: 'expiry-of-share', status: 'failed', code: err.code, message: err.message },
        ],
        skipReason: 'not checked: the share is no longer available',
      })
    }
    return finishReport({
      input: label,
      kind: 'presentation',
      format: 'link',
      checks: [{ id: 'parse', status: 'failed', code: err.code, message: err.message }],
      skipReason: 'not checked: the share link could not be opened',
    })
  }
}

import nodemailer from 'nodemailer'
import type { ClaimMessage } from '@ob3/issuer/node'
import { UsageError } from './io.js'

/** Options for {@link claimMailer}. */
export interface ClaimMailerOptions {
  /** `smtp://user:pass@host:port` or `smtps://…` (nodemailer's connection URL). */
  smtp: string
  /** The sender. Default `no-reply@<the SMTP host>`. */
  from?: string
  issuerName: string
  achievementName: string
}

/**
 * A mailer that sends each educator her claim link — the link only: never the credential, a
 * badge image or an artifact, so a message forwarded or read by someone else gives away nothing
 * but a link that can be redeemed once.
 */
export function claimMailer(options: ClaimMailerOptions): { send: (message: ClaimMessage) => Promise<void>; close: () => void } {
  let url: URL
  try {
    url = new URL(options.smtp)
  } catch {
    throw new UsageError('--smtp must be a URL: smtp://host:port or smtps://user:password@host:port')
  }
  if (url.protocol !== 'smtp:' && url.protocol !== 'smtps:') throw new UsageError('--smtp must be an smtp:// or smtps:// URL')
  const from = options.from ?? `no-reply@${url.hostname}`
  const transport = nodemailer.createTransport(options.smtp)
  return {
    async send(message) {
      const text = [
        `${options.issuerName} has awarded you the micro-credential "${options.achievementName}".`,
        '',
        'Open this link to add the badge to your wallet (it works once):',
        message.claimLink,
        '',
        'The link leads to a page with a QR code for your wallet app. If you did not expect this message, you can ignore it.',
      ].join('\n')
      const info = await transport.sendMail({ from, to: message.to, subject: `Your badge: ${options.achievementName}`, text })
      if (info.rejected.length > 0) throw new Error(`the server refused ${info.rejected.join(', ')}`)
    },
    close: () => transport.close(),
  }
}

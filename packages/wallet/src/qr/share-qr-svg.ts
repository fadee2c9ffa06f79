import * as QRCode from 'qrcode'
import { Ob3Error } from '@ob3/core'

/** QR error-correction levels, from the most robust (H, 30 % of the code can be lost) to the least (L, 7 %). */
export type QrErrorCorrection = 'H' | 'Q' | 'M' | 'L'

const LEVELS: readonly QrErrorCorrection[] = ['H', 'Q', 'M', 'L']

/**
 * The most robust error-correction level at which `text` fits a QR code (version 40 at most).
 * A hosted share link (about 200 characters) gets H; an inline link of 2,000 characters gets M.
 *
 * @throws Ob3Error `ERR_OB3_QR_TOO_LARGE` when it fits no QR code even at level L (about 2,900
 *   bytes): share it through a share host, so the link is short
 * @example `chooseQrErrorCorrection(link) // 'H'`
 */
export function chooseQrErrorCorrection(text: string): QrErrorCorrection {
  if (typeof text !== 'string' || text === '') throw new TypeError('chooseQrErrorCorrection: text must be a non-empty string')
  for (const level of LEVELS) {
    try {
      QRCode.create(text, { errorCorrectionLevel: level })
      return level
    } catch {
      // too large at this level: try the next one
    }
  }
  throw new Ob3Error('ERR_OB3_QR_TOO_LARGE', `the link is ${text.length} characters: too large for any QR code (at most about 2,900 bytes at the lowest error correction); share it through a share host so the link is short`, {
    details: { length: text.length },
  })
}

/**
 * A QR code of a share link as an SVG document, at the most robust error-correction level that
 * fits. Runs in browsers and in Node (PNG and terminal text: `renderShareQr` from `@ob3/wallet/node`).
 *
 * @throws Ob3Error `ERR_OB3_QR_TOO_LARGE`
 * @example
 * ```ts
 * const { svg, errorCorrectionLevel } = await renderShareQrSvg(result.link)
 * ```
 */
export async function renderShareQrSvg(link: string): Promise<{ svg: string; errorCorrectionLevel: QrErrorCorrection }> {
  const errorCorrectionLevel = chooseQrErrorCorrection(link)
  const svg = await QRCode.toString(link, { type: 'svg', errorCorrectionLevel, margin: 4 })
  return { svg, errorCorrectionLevel }
}

import * as QRCode from 'qrcode'
import { chooseQrErrorCorrection, type QrErrorCorrection } from './share-qr-svg.js'

/** A share link's QR code in three forms. */
export interface ShareQr {
  /** The level chosen: the most robust that fits. */
  errorCorrectionLevel: QrErrorCorrection
  /** An SVG document. */
  svg: string
  /** A PNG image (8 pixels per module). */
  png: Uint8Array
  /** Text to print in a terminal (two modules per character row). */
  terminal: string
}

/**
 * A QR code of a share link as SVG, PNG and terminal text, at the most robust error-correction
 * level that fits (Node: PNG needs `pngjs` through `qrcode`).
 *
 * @throws Ob3Error `ERR_OB3_QR_TOO_LARGE` when the link fits no QR code
 * @example
 * ```ts
 * import { renderShareQr } from '@ob3/wallet/node'
 * const qr = await renderShareQr(result.link)
 * await writeFile('share-qr.png', qr.png)
 * console.log(qr.terminal)
 * ```
 */
export async function renderShareQr(link: string): Promise<ShareQr> {
  const errorCorrectionLevel = chooseQrErrorCorrection(link)
  const [svg, png, terminal] = await Promise.all([
    QRCode.toString(link, { type: 'svg', errorCorrectionLevel, margin: 4 }),
    QRCode.toBuffer(link, { type: 'png', errorCorrectionLevel, margin: 4, scale: 8 }),
    QRCode.toString(link, { type: 'terminal', errorCorrectionLevel, small: true }),
  ])
  return { errorCorrectionLevel, svg, png: new Uint8Array(png), terminal }
}

/**
 * QR codes of share links, drawn by the app: the most robust error-correction level at which the
 * link fits a version 10 code (57 × 57 modules) — small enough for a phone to scan across a table
 * or in poor light — or, for a longer link, the lowest version that holds it.
 * @packageDocumentation
 */
import * as QRCode from 'qrcode'

/** The largest QR version the app aims for. */
export const MAX_QR_VERSION = 10
const LEVELS = ['H', 'Q', 'M', 'L'] as const
/** Quiet zone, in modules. */
const MARGIN = 4

/** A QR code: its modules and how it was made. */
export interface ShareQr {
  version: number
  errorCorrectionLevel: (typeof LEVELS)[number]
  size: number
  dark: (row: number, col: number) => boolean
}

/**
 * Make the QR code of `text`.
 * @throws Error (from the QR library) when it fits no QR code at all
 */
export function makeQr(text: string): ShareQr {
  let smallest: QRCode.QRCode | undefined
  let smallestLevel: (typeof LEVELS)[number] = 'L'
  for (const level of LEVELS) {
    let code: QRCode.QRCode
    try {
      code = QRCode.create(text, { errorCorrectionLevel: level })
    } catch {
      continue
    }
    if (code.version <= MAX_QR_VERSION) return wrap(code, level)
    if (smallest === undefined || code.version < smallest.version) {
      smallest = code
      smallestLevel = level
    }
  }
  if (smallest === undefined) throw new Error('the link is too long for a QR code')
  return wrap(smallest, smallestLevel)
}

function wrap(code: QRCode.QRCode, level: (typeof LEVELS)[number]): ShareQr {
  const size = code.modules.size
  return { version: code.version, errorCorrectionLevel: level, size, dark: (r, c) => code.modules.get(r, c) === 1 }
}

/** The code as an SVG document (black on white, with its quiet zone). */
export function qrSvg(qr: ShareQr, title: string): string {
  const full = qr.size + 2 * MARGIN
  let path = ''
  for (let r = 0; r < qr.size; r++) {
    for (let c = 0; c < qr.size; c++) if (qr.dark(r, c)) path += `M${c + MARGIN} ${r + MARGIN}h1v1h-1z`
  }
  const esc = title.replace(/&/g, '&amp;').replace(/</g, '&lt;')
  return `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${full} ${full}" shape-rendering="crispEdges" role="img"><title>${esc}</title><rect width="${full}" height="${full}" fill="#fff"/><path d="${path}" fill="#000"/></svg>`
}

/** The code drawn on a canvas, `scale` pixels a module. */
export function qrCanvas(qr: ShareQr, scale = 8): HTMLCanvasElement {
  const full = (qr.size + 2 * MARGIN) * scale
  const canvas = document.createElement('canvas')
  canvas.width = full
  canvas.height = full
  const ctx = canvas.getContext('2d') as CanvasRenderingContext2D
  ctx.fillStyle = '#fff'
  ctx.fillRect(0, 0, full, full)
  ctx.fillStyle = '#000'
  for (let r = 0; r < qr.size; r++) {
    for (let c = 0; c < qr.size; c++) if (qr.dark(r, c)) ctx.fillRect((c + MARGIN) * scale, (r + MARGIN) * scale, scale, scale)
  }
  return canvas
}

/** The code as a PNG data: URL (for the image on screen) and a PNG blob (to download). */
export async function qrPng(qr: ShareQr, scale = 8): Promise<{ dataUrl: string; blob: Blob }> {
  const canvas = qrCanvas(qr, scale)
  const dataUrl = canvas.toDataURL('image/png')
  const blob = await new Promise<Blob>((resolve, reject) => canvas.toBlob((b) => (b === null ? reject(new Error('the browser could not draw the QR code')) : resolve(b)), 'image/png'))
  return { dataUrl, blob }
}

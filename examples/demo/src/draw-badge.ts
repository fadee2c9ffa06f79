import { deflateSync } from 'node:zlib'
import { serializePngChunks } from '@ob3/core'

/** Badge colours, as RGB. */
export interface BadgePalette {
  ring: [number, number, number]
  band: [number, number, number]
  field: [number, number, number]
  star: [number, number, number]
}

const DEFAULT_PALETTE: BadgePalette = {
  ring: [22, 45, 84],
  band: [232, 176, 48],
  field: [24, 128, 128],
  star: [255, 250, 235],
}

/** Whether (x, y) lies inside a five-pointed star centred at (cx, cy). */
function inStar(x: number, y: number, cx: number, cy: number, outer: number, inner: number): boolean {
  const pts: [number, number][] = []
  for (let i = 0; i < 10; i++) {
    const r = i % 2 === 0 ? outer : inner
    const a = -Math.PI / 2 + (i * Math.PI) / 5
    pts.push([cx + r * Math.cos(a), cy + r * Math.sin(a)])
  }
  let inside = false
  for (let i = 0, j = pts.length - 1; i < pts.length; j = i++) {
    const [xi, yi] = pts[i] as [number, number]
    const [xj, yj] = pts[j] as [number, number]
    if (yi > y !== yj > y && x < ((xj - xi) * (y - yi)) / (yj - yi) + xi) inside = !inside
  }
  return inside
}

/**
 * Draw a round badge medallion (ring, gold band, field, star) as an RGBA PNG, with 4× supersampling
 * for smooth edges. Deterministic: the same size and palette give the same bytes.
 */
export function drawBadgePng(size = 256, palette: BadgePalette = DEFAULT_PALETTE): Uint8Array {
  const c = size / 2
  const raw = new Uint8Array(size * (size * 4 + 1))
  const S = 4
  for (let y = 0; y < size; y++) {
    raw[y * (size * 4 + 1)] = 0 // filter: none
    for (let x = 0; x < size; x++) {
      let r = 0, g = 0, b = 0, a = 0
      for (let sy = 0; sy < S; sy++) {
        for (let sx = 0; sx < S; sx++) {
          const px = x + (sx + 0.5) / S
          const py = y + (sy + 0.5) / S
          const d = Math.hypot(px - c, py - c) / c
          let col: [number, number, number] | undefined
          if (inStar(px, py, c, c, c * 0.5, c * 0.21)) col = palette.star
          else if (d <= 0.68) col = palette.field
          else if (d <= 0.8) col = palette.band
          else if (d <= 0.97) col = palette.ring
          if (col !== undefined) {
            r += col[0]; g += col[1]; b += col[2]; a += 255
          }
        }
      }
      const n = S * S
      const o = y * (size * 4 + 1) + 1 + x * 4
      const cover = a / n
      raw[o] = cover === 0 ? 0 : Math.round((r / n) * (255 / cover))
      raw[o + 1] = cover === 0 ? 0 : Math.round((g / n) * (255 / cover))
      raw[o + 2] = cover === 0 ? 0 : Math.round((b / n) * (255 / cover))
      raw[o + 3] = Math.round(cover)
    }
  }
  const ihdr = new Uint8Array(13)
  const v = new DataView(ihdr.buffer)
  v.setUint32(0, size)
  v.setUint32(4, size)
  ihdr.set([8, 6, 0, 0, 0], 8) // 8-bit RGBA, no interlace
  return serializePngChunks([{ type: 'IHDR', data: ihdr }, { type: 'IDAT', data: new Uint8Array(deflateSync(raw, { level: 9 })) }, { type: 'IEND', data: new Uint8Array(0) }])
}

function escapeXml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;')
}

/** The same medallion as SVG, with the achievement's name and its programme around it. */
export function drawBadgeSvg(title: string, subtitle: string): string {
  return `<svg xmlns="http://www.w3.org/2000/svg" width="256" height="256" viewBox="0 0 256 256" role="img" aria-label="${escapeXml(title)}">
  <title>${escapeXml(title)}</title>
  <circle cx="128" cy="128" r="124" fill="#162d54"/>
  <circle cx="128" cy="128" r="102" fill="#e8b030"/>
  <circle cx="128" cy="128" r="87" fill="#188080"/>
  <polygon points="128,64 139.8,111.8 188.9,108.2 147.2,134.2 165.6,179.8 128,148 90.4,179.8 108.8,134.2 67.1,108.2 116.2,111.8" fill="#fffaeb"/>
  <text x="128" y="200" text-anchor="middle" font-family="sans-serif" font-size="12" font-weight="bold" fill="#fffaeb">${escapeXml(title)}</text>
  <text x="128" y="21" text-anchor="middle" font-family="sans-serif" font-size="10" fill="#fffaeb">${escapeXml(subtitle)}</text>
</svg>
`
}

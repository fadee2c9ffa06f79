import { deflateSync } from 'node:zlib'
import { serializePngChunks } from '@ob3/core'

/**
 * A plain round badge (a teal disc on a transparent square) as a PNG, for batches that give no
 * badge image of their own. Deterministic: the same size gives the same bytes.
 */
export function plainBadgePng(size = 128): Uint8Array {
  const raw = new Uint8Array(size * (size * 4 + 1))
  const c = (size - 1) / 2
  const r2 = (size / 2 - 2) ** 2
  for (let y = 0; y < size; y++) {
    const row = y * (size * 4 + 1)
    for (let x = 0; x < size; x++) {
      if ((x - c) ** 2 + (y - c) ** 2 > r2) continue
      raw.set([24, 128, 128, 255], row + 1 + x * 4)
    }
  }
  const ihdr = new Uint8Array(13)
  const view = new DataView(ihdr.buffer)
  view.setUint32(0, size)
  view.setUint32(4, size)
  ihdr.set([8, 6, 0, 0, 0], 8)
  return serializePngChunks([
    { type: 'IHDR', data: ihdr },
    { type: 'IDAT', data: new Uint8Array(deflateSync(raw)) },
    { type: 'IEND', data: new Uint8Array(0) },
  ])
}

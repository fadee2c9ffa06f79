import { toHex } from '@ob3/core'

/**
 * Values every credential builder makes the same way.
 * @internal
 */

/** A version 4 `urn:uuid:` from the given randomness. */
export function uuid(random: (n: number) => Uint8Array): string {
  const b = random(16)
  b[6] = ((b[6] as number) & 0x0f) | 0x40
  b[8] = ((b[8] as number) & 0x3f) | 0x80
  const h = toHex(b)
  return `urn:uuid:${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`
}

/** OB 3.0 wants Image objects (`{id, type: "Image", caption?}`), not bare URLs. */
export function toImage(image: unknown): unknown {
  if (typeof image === 'string') return { id: image, type: 'Image' }
  if (typeof image === 'object' && image !== null) return { ...image, type: 'Image' }
  return image
}

/** `YYYY-MM-DDTHH:MM:SSZ`. */
export function seconds(date: Date): string {
  return date.toISOString().replace(/\.\d{3}Z$/, 'Z')
}

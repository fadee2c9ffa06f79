/**
 * Drawn pictures: the placeholder badge for a credential without an image, and the status icons.
 * Built as SVG elements (no markup strings, no external files).
 * @packageDocumentation
 */
import { svg } from './dom.js'

/**
 * A medallion with ribbons and the achievement's initials, coloured from its name (the same
 * badge always gets the same colours).
 * @example `figure.append(placeholderBadge('Idea Generating'))`
 */
export function placeholderBadge(name: string): SVGElement {
  const hue = hash(name) % 360
  const dark = `hsl(${hue} 55% 28%)`
  const mid = `hsl(${hue} 55% 42%)`
  const light = `hsl(${hue} 60% 92%)`
  const accent = `hsl(${(hue + 40) % 360} 70% 55%)`
  const initials = name.split(/[\s\-–—_/]+/).filter((w) => /^[\p{L}\p{N}]/u.test(w)).slice(0, 2).map((w) => [...w][0]?.toUpperCase() ?? '').join('') || '★'
  // 12 points of a rosette around the medallion.
  const rosette = Array.from({ length: 24 }, (_, i) => {
    const r = i % 2 === 0 ? 84 : 74
    const a = (Math.PI * 2 * i) / 24
    return `${(100 + r * Math.sin(a)).toFixed(1)},${(96 - r * Math.cos(a)).toFixed(1)}`
  }).join(' ')
  return svg('svg', { viewBox: '0 0 200 220', class: 'placeholder', role: 'img', 'aria-label': `Badge “${name}” (drawn: the credential has no image)` },
    svg('path', { d: 'M62 150 L40 214 L66 200 L80 222 L100 160 Z', fill: mid }),
    svg('path', { d: 'M138 150 L160 214 L134 200 L120 222 L100 160 Z', fill: mid }),
    svg('polygon', { points: rosette, fill: accent }),
    svg('circle', { cx: '100', cy: '96', r: '68', fill: dark }),
    svg('circle', { cx: '100', cy: '96', r: '58', fill: 'none', stroke: light, 'stroke-width': '2', 'stroke-dasharray': '3 4' }),
    svg('text', { x: '100', y: '96', 'text-anchor': 'middle', 'dominant-baseline': 'central', fill: light, 'font-size': initials.length > 1 ? '46' : '56', 'font-weight': '700', 'font-family': 'system-ui, sans-serif' }, initials),
  )
}

/**
 * A status icon (decorative: the text next to it says the same).
 * @example `icon('passed')`
 */
export function icon(kind: 'passed' | 'failed' | 'warning' | 'skipped'): SVGElement {
  const paths: Record<typeof kind, string> = {
    passed: 'M6 12.5 L10.5 17 L18.5 8',
    failed: 'M8 8 L16 16 M16 8 L8 16',
    warning: 'M12 7 L12 13.5 M12 16.8 L12 17',
    skipped: 'M8 12 L16 12',
  }
  return svg('svg', { viewBox: '0 0 24 24', class: `icon icon--${kind}`, 'aria-hidden': 'true', focusable: 'false' },
    svg('circle', { cx: '12', cy: '12', r: '11' }),
    svg('path', { d: paths[kind], fill: 'none', 'stroke-width': '2.6', 'stroke-linecap': 'round', 'stroke-linejoin': 'round' }),
  )
}

/** FNV-1a, for stable colours. */
function hash(text: string): number {
  let h = 0x811c9dc5
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i)
    h = Math.imul(h, 0x01000193)
  }
  return h >>> 0
}

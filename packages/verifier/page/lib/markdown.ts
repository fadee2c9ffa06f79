/**
 * A deliberately small Markdown renderer for the text an issuer writes (an achievement's criteria,
 * an endorsement's comment). It builds DOM nodes — never HTML strings — so everything is escaped
 * by construction. Supported: paragraphs, `**bold**` / `__bold__`, `*italic*` / `_italic_`,
 * bullet and numbered lists, and `[links](https://…)` to http(s) URLs only (others stay text).
 * Anything else (headings, HTML, images, code) is shown as the text it is.
 * @packageDocumentation
 */
import { h, type Child } from './dom.js'

/** Longest text rendered; the rest is cut off with a note. */
export const MAX_MARKDOWN_LENGTH = 20_000
/** Deepest nesting of emphasis and links followed. */
const MAX_INLINE_DEPTH = 6

const BULLET = /^\s{0,3}[-*+]\s+(.*)$/
const NUMBERED = /^\s{0,3}(\d{1,9})[.)]\s+(.*)$/

/**
 * Render Markdown as a document fragment of `<p>`, `<ul>`/`<ol>`, `<strong>`, `<em>`, `<a>`.
 * @example `container.append(renderMarkdown('Counts for **15 clock hours**.'))`
 */
export function renderMarkdown(markdown: string): DocumentFragment {
  const fragment = document.createDocumentFragment()
  let text = markdown.replace(/\r\n?/g, '\n')
  const cut = text.length > MAX_MARKDOWN_LENGTH
  if (cut) text = text.slice(0, MAX_MARKDOWN_LENGTH)
  for (const block of blocksOf(text)) fragment.append(renderBlock(block))
  if (cut) fragment.append(h('p', { class: 'note' }, '(The rest of this text is too long to show.)'))
  return fragment
}

type Block = { kind: 'p'; lines: string[] } | { kind: 'ul' | 'ol'; start: number; items: string[] }

/** Split into paragraphs and lists: blank lines end a block; list items may continue on indented lines. */
function blocksOf(text: string): Block[] {
  const blocks: Block[] = []
  let current: Block | undefined
  for (const line of text.split('\n')) {
    if (line.trim() === '') {
      current = undefined
      continue
    }
    const bullet = BULLET.exec(line)
    const numbered = bullet === null ? NUMBERED.exec(line) : null
    if (bullet !== null || numbered !== null) {
      const kind = bullet !== null ? 'ul' : 'ol'
      const item = (bullet?.[1] ?? numbered?.[2] ?? '').trim()
      if (current?.kind !== kind) {
        current = { kind, start: numbered === null ? 1 : Number(numbered[1]), items: [] }
        blocks.push(current)
      }
      current.items.push(item)
      continue
    }
    if (current !== undefined && current.kind !== 'p' && /^\s+/.test(line)) {
      const last = current.items.length - 1
      current.items[last] = `${current.items[last] ?? ''} ${line.trim()}`
      continue
    }
    if (current?.kind !== 'p') {
      current = { kind: 'p', lines: [] }
      blocks.push(current)
    }
    current.lines.push(line.trim())
  }
  return blocks
}

function renderBlock(block: Block): HTMLElement {
  if (block.kind === 'p') return h('p', null, inline(block.lines.join(' '), 0))
  const items = block.items.map((item) => h('li', null, inline(item, 0)))
  if (block.kind === 'ul') return h('ul', null, items)
  return h('ol', { start: block.start === 1 ? undefined : String(block.start) }, items)
}

/** Inline Markdown: emphasis, links and backslash escapes; everything else is text. */
function inline(text: string, depth: number): Child[] {
  if (depth > MAX_INLINE_DEPTH) return [text]
  const out: Child[] = []
  let plain = ''
  const flush = () => {
    if (plain !== '') out.push(plain)
    plain = ''
  }
  let i = 0
  while (i < text.length) {
    const c = text[i] as string
    if (c === '\\' && i + 1 < text.length && /[\\`*_{}[\]()#+\-.!>]/.test(text[i + 1] as string)) {
      plain += text[i + 1]
      i += 2
      continue
    }
    if ((c === '*' || c === '_') && text[i + 1] === c) {
      const end = closing(text, i + 2, c + c)
      if (end > i + 2 && (c === '*' || wordBoundary(text, i, end + 2))) {
        flush()
        out.push(h('strong', null, inline(text.slice(i + 2, end), depth + 1)))
        i = end + 2
        continue
      }
    } else if (c === '*' || c === '_') {
      const end = closing(text, i + 1, c)
      if (end > i + 1 && text[i + 1] !== ' ' && (c === '*' || wordBoundary(text, i, end + 1))) {
        flush()
        out.push(h('em', null, inline(text.slice(i + 1, end), depth + 1)))
        i = end + 1
        continue
      }
    } else if (c === '[') {
      const link = linkAt(text, i)
      if (link !== undefined) {
        flush()
        out.push(link.href === undefined
          ? text.slice(i, link.end)
          : h('a', { href: link.href, rel: 'noopener noreferrer nofollow', target: '_blank' }, inline(link.label, depth + 1)))
        i = link.end
        continue
      }
    }
    plain += c
    i++
  }
  flush()
  return out
}

/** Where a delimiter closes (not escaped, not preceded by a space), or -1. */
function closing(text: string, from: number, delimiter: string): number {
  for (let j = from; j < text.length; j++) {
    if (text[j] === '\\') {
      j++
      continue
    }
    if (text.startsWith(delimiter, j) && text[j - 1] !== ' ') {
      // A single `*` must not be half of a `**`.
      if (delimiter.length === 1 && text[j + 1] === delimiter) {
        j++
        continue
      }
      return j
    }
  }
  return -1
}

/** `_` emphasis only at word edges (so snake_case_names stay as they are). */
function wordBoundary(text: string, start: number, end: number): boolean {
  return !/[A-Za-z0-9]/.test(text[start - 1] ?? '') && !/[A-Za-z0-9]/.test(text[end] ?? '')
}

/** `[label](url)` at `i`: the label, the URL when it is http(s), and where it ends. */
function linkAt(text: string, i: number): { label: string; href: string | undefined; end: number } | undefined {
  let depth = 0
  let close = -1
  for (let j = i; j < text.length; j++) {
    if (text[j] === '\\') {
      j++
      continue
    }
    if (text[j] === '[') depth++
    else if (text[j] === ']' && --depth === 0) {
      close = j
      break
    }
  }
  if (close < 0 || text[close + 1] !== '(') return undefined
  const end = text.indexOf(')', close + 2)
  if (end < 0) return undefined
  const target = (text.slice(close + 2, end).trim().split(/\s+/)[0] ?? '').replace(/^<(.*)>$/, '$1')
  return { label: text.slice(i + 1, close), href: safeHttpUrl(target), end: end + 1 }
}

/**
 * The URL, normalized, when it is an absolute http(s) URL without credentials; otherwise undefined.
 * @example `safeHttpUrl('javascript:alert(1)') // undefined`
 */
export function safeHttpUrl(value: unknown): string | undefined {
  if (typeof value !== 'string' || value.length > 2048) return undefined
  try {
    const url = new URL(value)
    if ((url.protocol !== 'https:' && url.protocol !== 'http:') || url.username !== '' || url.password !== '') return undefined
    return url.href
  } catch {
    return undefined
  }
}

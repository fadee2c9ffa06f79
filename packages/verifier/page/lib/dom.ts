/**
 * A small element builder. Text always goes in as text nodes (never as HTML), and attributes
 * are checked: no event handlers, no inline styles, no `javascript:` URLs — the page builds its
 * DOM from untrusted credentials, and its Content-Security-Policy forbids inline script and style.
 * @packageDocumentation
 */

/** What can be a child: a node, text, nothing, or a list of these. */
export type Child = Node | string | number | null | undefined | false | readonly Child[]

/** Attributes: a string sets it, `true` sets it empty, `false`/`undefined` leaves it out. */
export type Attributes = Record<string, string | boolean | undefined>

/**
 * Make an element with attributes and children.
 * @example `h('a', { href: url, rel: 'noopener' }, 'the criteria')`
 */
export function h<K extends keyof HTMLElementTagNameMap>(tag: K, attributes?: Attributes | null, ...children: Child[]): HTMLElementTagNameMap[K] {
  const element = document.createElement(tag)
  setAttributes(element, attributes)
  append(element, children)
  return element
}

/**
 * Make an SVG element (for the drawn placeholder badge and the status icons).
 * @example `svg('circle', { cx: '10', cy: '10', r: '8' })`
 */
export function svg(tag: string, attributes?: Attributes | null, ...children: Child[]): SVGElement {
  const element = document.createElementNS('http://www.w3.org/2000/svg', tag)
  setAttributes(element, attributes)
  append(element, children)
  return element
}

/** Append children (flattening lists, skipping empty ones). */
export function append(parent: Node, children: readonly Child[]): void {
  for (const child of children) {
    if (child === null || child === undefined || child === false) continue
    if (Array.isArray(child)) append(parent, child as readonly Child[])
    else parent.appendChild(typeof child === 'string' || typeof child === 'number' ? document.createTextNode(String(child)) : (child as Node))
  }
}

function setAttributes(element: Element, attributes: Attributes | null | undefined): void {
  for (const [name, value] of Object.entries(attributes ?? {})) {
    if (value === undefined || value === false) continue
    const lower = name.toLowerCase()
    if (lower.startsWith('on') || lower === 'style' || lower === 'srcdoc') throw new TypeError(`h: the attribute ${name} is not allowed`)
    if ((lower === 'href' || lower === 'src') && typeof value === 'string' && !/^(https?:|blob:|data:image\/|#|\.\/|mailto:)/i.test(value)) {
      throw new TypeError(`h: ${name} ${JSON.stringify(value.slice(0, 40))} is not an allowed URL`)
    }
    element.setAttribute(name, value === true ? '' : value)
  }
}

/**
 * A small element builder for the app: text goes in as text nodes, never as HTML; attributes are
 * set as given (no event handlers: the CSP forbids inline script, and listeners are added in code).
 * @packageDocumentation
 */

/** What can be a child: a node, text, nothing, or a list of these. */
export type Child = Node | string | number | null | undefined | false | readonly Child[]

/** Attributes: a string sets it, `true` sets it empty, `false`/`undefined` leaves it out. */
export type Attributes = Record<string, string | boolean | undefined>

/** Make an element with attributes and children. */
export function h<K extends keyof HTMLElementTagNameMap>(tag: K, attributes?: Attributes | null, ...children: Child[]): HTMLElementTagNameMap[K] {
  const element = document.createElement(tag)
  for (const [name, value] of Object.entries(attributes ?? {})) {
    if (/^on/i.test(name) || name === 'style') throw new Error(`the app sets no ${name} attribute`)
    if (value === undefined || value === false) continue
    element.setAttribute(name, value === true ? '' : value)
  }
  append(element, children)
  return element
}

/** Append children, flattening lists and skipping empty ones. */
export function append(parent: Node, children: readonly Child[]): void {
  for (const child of children) {
    if (child === null || child === undefined || child === false) continue
    if (Array.isArray(child)) append(parent, child as readonly Child[])
    else parent.appendChild(typeof child === 'string' || typeof child === 'number' ? document.createTextNode(String(child)) : (child as Node))
  }
}

/** Start a download of bytes or text under a file name. */
export function download(name: string, body: Blob): void {
  const url = URL.createObjectURL(body)
  const a = h('a', { href: url, download: name, hidden: true })
  document.body.append(a)
  a.click()
  a.remove()
  setTimeout(() => URL.revokeObjectURL(url), 60_000)
}

/** Say something to screen readers (the polite live region). */
export function announce(text: string): void {
  const live = document.getElementById('live')
  if (live !== null) live.textContent = text
}

/**
 * Maps whose content will never change again: the term definitions of an active context that
 * jsonld.js has finished processing (it only ever writes to a fresh clone).
 */
const sealed = new WeakSet<Map<unknown, unknown>>()

/** Record that a map will never be written again, so copies of it can share it. @internal */
export function sealMap(map: Map<unknown, unknown>): void {
  sealed.add(map)
}

/**
 * A copy of a map: of a sealed map, one that reads through to it until its first write, then
 * copies (jsonld.js copies the whole term map at every typed node, and most copies are never
 * written); of any other map, a plain copy.
 * @internal
 */
export function copyMap<K, V>(map: Map<K, V>): Map<K, V> {
  if (map instanceof CopyOnWriteMap) {
    const source = map.sharedSource()
    if (source !== undefined) return new CopyOnWriteMap(source)
  }
  return sealed.has(map as Map<unknown, unknown>) ? new CopyOnWriteMap(map) : new Map(map)
}

class CopyOnWriteMap<K, V> extends Map<K, V> {
  #source: Map<K, V> | undefined

  constructor(source: Map<K, V>) {
    super()
    this.#source = source
  }

  /** The sealed map this one still reads through to, if it has not been written. */
  sharedSource(): Map<K, V> | undefined {
    return this.#source
  }

  #own(): void {
    const source = this.#source
    if (source === undefined) return
    this.#source = undefined
    for (const [k, v] of source) super.set(k, v)
  }

  override get(key: K): V | undefined {
    return this.#source === undefined ? super.get(key) : this.#source.get(key)
  }

  override has(key: K): boolean {
    return this.#source === undefined ? super.has(key) : this.#source.has(key)
  }

  override get size(): number {
    return this.#source === undefined ? super.size : this.#source.size
  }

  override set(key: K, value: V): this {
    this.#own()
    return super.set(key, value)
  }

  override delete(key: K): boolean {
    this.#own()
    return super.delete(key)
  }

  override clear(): void {
    this.#source = undefined
    super.clear()
  }

  override keys(): MapIterator<K> {
    return this.#source === undefined ? super.keys() : this.#source.keys()
  }

  override values(): MapIterator<V> {
    return this.#source === undefined ? super.values() : this.#source.values()
  }

  override entries(): MapIterator<[K, V]> {
    return this.#source === undefined ? super.entries() : this.#source.entries()
  }

  override [Symbol.iterator](): MapIterator<[K, V]> {
    return this.entries()
  }

  override forEach(fn: (value: V, key: K, map: Map<K, V>) => void, thisArg?: unknown): void {
    for (const [k, v] of this.entries()) fn.call(thisArg, v, k, this)
  }
}

import { Ob3Error } from '../errors.js'

/** Nesting deeper than this is refused (the same bound as {@link parseJson}'s default). */
const MAX_DEPTH = 256

/**
 * The JSON Canonicalization Scheme (RFC 8785) of a JSON value: no whitespace, object members
 * sorted by the UTF-16 code units of their names, numbers in the ECMAScript `Number.prototype.toString`
 * form (`1e+21`, `5e-7`, `-0` → `0`), strings escaped exactly as ECMAScript's `JSON.stringify`
 * escapes them. The result is a string; encode it as UTF-8 to hash or sign it.
 *
 * Only I-JSON is canonical: a number that is not finite, a string with a lone surrogate, or a
 * value that is not JSON (`undefined`, a function, a symbol, a bigint, a class instance) is refused;
 * an object member whose value is `undefined` is left out, as `JSON.stringify` leaves it out.
 *
 * @throws Ob3Error `ERR_OB3_JSON_NOT_CANONICAL` for a value JCS cannot represent;
 *   `ERR_OB3_JSON_TOO_DEEP` past 256 levels of nesting
 * @example
 * ```ts
 * canonicalizeJson({ b: 1e21, a: [true, null, 'é'] }) // '{"a":[true,null,"é"],"b":1e+21}'
 * ```
 */
export function canonicalizeJson(value: unknown): string {
  const out: string[] = []
  write(value, out, 0, '')
  return out.join('')
}

function write(value: unknown, out: string[], depth: number, at: string): void {
  if (depth > MAX_DEPTH) throw new Ob3Error('ERR_OB3_JSON_TOO_DEEP', `the value nests deeper than ${MAX_DEPTH} levels`, { details: { limit: MAX_DEPTH } })
  if (value === null) {
    out.push('null')
    return
  }
  switch (typeof value) {
    case 'boolean':
      out.push(value ? 'true' : 'false')
      return
    case 'number':
      if (!Number.isFinite(value)) refuse(at, `the number ${String(value)} has no JSON form`)
      // ECMAScript Number::toString is the RFC 8785 number form; it already writes -0 as "0".
      out.push(String(value))
      return
    case 'string':
      out.push(quote(value, at))
      return
    case 'object':
      break
    default:
      refuse(at, `a ${typeof value} is not JSON`)
  }
  if (Array.isArray(value)) {
    out.push('[')
    value.forEach((item, i) => {
      if (i > 0) out.push(',')
      write(item, out, depth + 1, `${at}/${i}`)
    })
    out.push(']')
    return
  }
  const proto = Object.getPrototypeOf(value) as unknown
  if (proto !== Object.prototype && proto !== null) refuse(at, 'only plain objects, arrays and primitives are JSON')
  const record = value as Record<string, unknown>
  // Default sort compares UTF-16 code units, which is the order RFC 8785 §3.2.3 prescribes.
  const names = Object.keys(record).filter((name) => record[name] !== undefined).sort()
  out.push('{')
  names.forEach((name, i) => {
    if (i > 0) out.push(',')
    const member = `${at}/${name.replace(/~/g, '~0').replace(/\//g, '~1')}`
    out.push(quote(name, member), ':')
    write(record[name], out, depth + 1, member)
  })
  out.push('}')
}

/** A lone surrogate has no UTF-8 form: I-JSON (and so JCS) excludes it. */
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/

function quote(text: string, at: string): string {
  if (LONE_SURROGATE.test(text)) refuse(at, 'a string holds a lone UTF-16 surrogate, which has no UTF-8 form')
  // JSON.stringify of a string is RFC 8785 §3.2.2.2: \b \t \n \f \r \" \\ short forms, other
  // controls as \u00xx (lower-case hex), everything else as is.
  return JSON.stringify(text)
}

function refuse(at: string, message: string): never {
  throw new Ob3Error('ERR_OB3_JSON_NOT_CANONICAL', `${at === '' ? 'the value' : at}: ${message}`, { details: { path: at } })
}

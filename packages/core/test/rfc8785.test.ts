// RFC 8785, JSON Canonicalization Scheme (JCS): the examples of §3.2.2–§3.2.4 and the number
// serialization table of Appendix B, written here as data.
import { canonicalizeJson, isOb3Error } from '@ob3/core'
import { describe, expect, it } from 'vitest'

/** A float64 from its IEEE 754 bit pattern, as Appendix B lists them. */
function float64(hex: string): number {
  const view = new DataView(new ArrayBuffer(8))
  view.setBigUint64(0, BigInt(`0x${hex}`))
  return view.getFloat64(0)
}

function utf8Hex(text: string): string {
  return Buffer.from(text, 'utf8').toString('hex')
}

function codeOf(fn: () => unknown): string | undefined {
  try {
    fn()
  } catch (err) {
    return isOb3Error(err) ? err.code : `not an Ob3Error: ${String(err)}`
  }
  return undefined
}

describe('RFC 8785 Appendix B: number serialization', () => {
  const table: Array<[string, string]> = [
    ['0000000000000000', '0'],
    ['8000000000000000', '0'],
    ['0000000000000001', '5e-324'],
    ['8000000000000001', '-5e-324'],
    ['7fefffffffffffff', '1.7976931348623157e+308'],
    ['ffefffffffffffff', '-1.7976931348623157e+308'],
    ['4340000000000000', '9007199254740992'],
    ['c340000000000000', '-9007199254740992'],
    ['4430000000000000', '295147905179352830000'],
    ['44b52d02c7e14af5', '9.999999999999997e+22'],
    ['44b52d02c7e14af6', '1e+23'],
    ['44b52d02c7e14af7', '1.0000000000000001e+23'],
    ['444b1ae4d6e2ef4e', '999999999999999700000'],
    ['444b1ae4d6e2ef4f', '999999999999999900000'],
    ['444b1ae4d6e2ef50', '1e+21'],
    ['3eb0c6f7a0b5ed8c', '9.999999999999997e-7'],
    ['3eb0c6f7a0b5ed8d', '0.000001'],
    ['41b3de4355555553', '333333333.3333332'],
    ['41b3de4355555554', '333333333.33333325'],
    ['41b3de4355555555', '333333333.3333333'],
    ['41b3de4355555556', '333333333.3333334'],
    ['41b3de4355555557', '333333333.33333343'],
    ['becbf647612f3696', '-0.0000033333333333333333'],
    ['43143ff3c1cb0959', '1424953923781206.2'],
  ]
  it.each(table)('%s serializes as %s', (hex, expected) => {
    expect(canonicalizeJson(float64(hex))).toBe(expected)
    expect(canonicalizeJson([float64(hex)])).toBe(`[${expected}]`)
  })

  it.each(['7fffffffffffffff', '7ff0000000000000', 'fff0000000000000'])('%s (NaN or Infinity) is refused', (hex) => {
    expect(codeOf(() => canonicalizeJson({ n: float64(hex) }))).toBe('ERR_OB3_JSON_NOT_CANONICAL')
  })
})

describe('RFC 8785 §3.2.2: the sample of JSON data types', () => {
  // The RFC's input, as JSON text: numbers as written (1E30, 4.50, …) go through a JSON parser.
  const input = String.raw`{
    "numbers": [333333333.33333329, 1E30, 4.50, 2e-3, 0.000000000000000000000000001],
    "string": "\u20ac$\u000F\u000aA'\u0042\u0022\u005c\\\"\/",
    "literals": [null, true, false]
  }`
  const expected = String.raw`{"literals":[null,true,false],"numbers":[333333333.3333333,1e+30,4.5,0.002,1e-27],"string":"€$\u000f\nA'B\"\\\\\"/"}`

  it('canonicalizes to the RFC output', () => {
    expect(canonicalizeJson(JSON.parse(input))).toBe(expected)
  })

  it('is idempotent: the canonical form canonicalizes to itself', () => {
    expect(canonicalizeJson(JSON.parse(expected))).toBe(expected)
  })
})

describe('RFC 8785 §3.2.3: sorting of object properties by UTF-16 code units', () => {
  const input = String.raw`{
    "\u20ac": "Euro Sign",
    "\r": "Carriage Return",
    "\ufb33": "Hebrew Letter Dalet With Dagesh",
    "1": "One",
    "\ud83d\ude00": "Emoji: Grinning Face",
    "\u0080": "Control",
    "\u00f6": "Latin Small Letter O With Diaeresis"
  }`

  it('orders the properties as the RFC lists them', () => {
    const text = canonicalizeJson(JSON.parse(input))
    expect(text).toBe('{"\\r":"Carriage Return","1":"One","\u0080":"Control","\u00f6":"Latin Small Letter O With Diaeresis","\u20ac":"Euro Sign","\ud83d\ude00":"Emoji: Grinning Face","\ufb33":"Hebrew Letter Dalet With Dagesh"}')
  })

  it('compares names by UTF-16 code units, not by code points', () => {
    // U+1F600 is D83D DE00 in UTF-16, so it sorts before U+FB33 although its code point is larger.
    expect(canonicalizeJson({ '\ufb33': 1, '\u{1F600}': 2 })).toBe('{"\ud83d\ude00":2,"\ufb33":1}')
  })
})

describe('RFC 8785 §3.2.4: UTF-8 generation', () => {
  it('keeps unnormalized Unicode as it is and encodes it as UTF-8', () => {
    const text = canonicalizeJson(JSON.parse('{"Unnormalized Unicode":"A\\u030a"}'))
    expect(utf8Hex(text)).toBe('7b22556e6e6f726d616c697a656420556e69636f6465223a2241cc8a227d')
  })
})

describe('canonicalizeJson: what is not I-JSON', () => {
  it('refuses a lone surrogate, in a value or in a name', () => {
    expect(codeOf(() => canonicalizeJson({ a: '\ud800' }))).toBe('ERR_OB3_JSON_NOT_CANONICAL')
    expect(codeOf(() => canonicalizeJson({ '\udc00x': 1 }))).toBe('ERR_OB3_JSON_NOT_CANONICAL')
  })

  it('refuses values that are not JSON', () => {
    expect(codeOf(() => canonicalizeJson([undefined]))).toBe('ERR_OB3_JSON_NOT_CANONICAL')
    expect(codeOf(() => canonicalizeJson({ d: new Date(0) }))).toBe('ERR_OB3_JSON_NOT_CANONICAL')
    expect(codeOf(() => canonicalizeJson(1n))).toBe('ERR_OB3_JSON_NOT_CANONICAL')
  })

  it('leaves out object members whose value is undefined, as JSON.stringify does', () => {
    expect(canonicalizeJson({ b: undefined, a: 1 })).toBe('{"a":1}')
  })

  it('bounds nesting', () => {
    let deep: unknown = 1
    for (let i = 0; i < 300; i += 1) deep = [deep]
    expect(codeOf(() => canonicalizeJson(deep))).toBe('ERR_OB3_JSON_TOO_DEEP')
  })

  it('writes literals, empty containers and nested objects without whitespace', () => {
    expect(canonicalizeJson({ z: {}, y: [], x: { b: false, a: null } })).toBe('{"x":{"a":null,"b":false},"y":[],"z":{}}')
  })
})

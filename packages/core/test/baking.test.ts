import { deflateSync } from 'node:zlib'
import CRC32 from 'crc-32'
import { describe, expect, it } from 'vitest'
import { bakePng, bakeSvg, extractPng, extractSvg, OB3_SVG_NAMESPACE, PNG_SIGNATURE, parsePngChunks, serializePngChunks } from '../src/baking/index.js'
import { scanSvg } from '../src/baking/extract-svg.js'
import { countStringWork } from '../../../test/support/count-string-work.js'

// ---------------------------------------------------------------------------------------------
// Fixtures built here: a real 1x1 PNG, an independent chunk reader, sample credentials.
// ---------------------------------------------------------------------------------------------

const SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]
const enc = new TextEncoder()
const dec = new TextDecoder()

function u32(n: number): number[] {
  return [(n >>> 24) & 0xff, (n >>> 16) & 0xff, (n >>> 8) & 0xff, n & 0xff]
}

function chunk(type: string, data: Uint8Array | number[]): number[] {
  const typeAndData = [...enc.encode(type), ...data]
  return [...u32(data.length), ...typeAndData, ...u32(CRC32.buf(Uint8Array.from(typeAndData)) >>> 0)]
}

/** iTXt data with the given fields. */
function itxt(keyword: string, text: Uint8Array | string, flag = 0, method = 0, lang = '', translated = ''): number[] {
  const body = typeof text === 'string' ? enc.encode(text) : text
  return [...enc.encode(keyword), 0, flag, method, ...enc.encode(lang), 0, ...enc.encode(translated), 0, ...body]
}

/** A valid 1x1 8-bit greyscale PNG, with `extra` chunks right after IHDR. */
function makePng(extra: number[][] = []): Uint8Array {
  const ihdr = [...u32(1), ...u32(1), 8, 0, 0, 0, 0]
  const idat = deflateSync(Uint8Array.of(0, 0x80)) // filter byte 0, one grey pixel
  return Uint8Array.from([...SIGNATURE, ...chunk('IHDR', ihdr), ...extra.flat(), ...chunk('IDAT', idat), ...chunk('IEND', [])])
}

interface RawChunk {
  type: string
  data: Uint8Array
  crcOk: boolean
}

/** Independent of src/: read every chunk, check the signature, lengths and CRCs. */
function readChunks(png: Uint8Array): RawChunk[] {
  expect([...png.subarray(0, 8)]).toEqual(SIGNATURE)
  const view = new DataView(png.buffer, png.byteOffset, png.byteLength)
  const out: RawChunk[] = []
  let off = 8
  while (off < png.length) {
    const length = view.getUint32(off)
    expect(off + 12 + length).toBeLessThanOrEqual(png.length)
    const type = dec.decode(png.subarray(off + 4, off + 8))
    const data = png.subarray(off + 8, off + 8 + length)
    const crcOk = (CRC32.buf(png.subarray(off + 4, off + 8 + length)) >>> 0) === view.getUint32(off + 8 + length)
    out.push({ type, data, crcOk })
    off += 12 + length
  }
  return out
}

const b64url = (text: string): string => Buffer.from(text).toString('base64url')
const JWT = [
  b64url(JSON.stringify({ alg: 'EdDSA', typ: 'JWT', kid: 'did:example:issuer#key-1' })),
  b64url(JSON.stringify({ iss: 'did:example:issuer', jti: 'urn:uuid:1', vc: { type: ['VerifiableCredential', 'OpenBadgeCredential'] } })),
  b64url('not a real signature'),
].join('.')

const CREDENTIAL = {
  '@context': ['https://www.w3.org/ns/credentials/v2', 'https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json'],
  id: 'urn:uuid:a63a60be-f4af-491c-87fc-2c8fd3007a58',
  type: ['VerifiableCredential', 'OpenBadgeCredential'],
  issuer: { id: 'did:example:issuer', type: ['Profile'], name: 'Ünïcødé Üniversity ✓' },
  validFrom: '2024-01-01T00:00:00Z',
  credentialSubject: { type: ['AchievementSubject'], achievement: { id: 'urn:uuid:1', type: ['Achievement'], name: 'Baking' } },
  proof: { type: 'DataIntegrityProof', cryptosuite: 'eddsa-rdfc-2022', proofValue: 'z58ieJCh4kN6eE2Vq4TyYURKSC4hWWEK7b7' },
}

const SVG = '<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><circle cx="5" cy="5" r="4"/></svg>'

const credentialCount = (svg: string): number => svg.split('<openbadges:credential').length - 1

// ---------------------------------------------------------------------------------------------
// PNG
// ---------------------------------------------------------------------------------------------

describe('bakePng / extractPng', () => {
  it('round-trips a JSON credential', async () => {
    const baked = await bakePng({ image: makePng(), credential: CREDENTIAL })
    const out = await extractPng(baked)
    expect(out).toEqual({ format: 'json', credential: CREDENTIAL, text: JSON.stringify(CREDENTIAL) })
  })

  it('round-trips a VC-JWT, baked as-is', async () => {
    const baked = await bakePng({ image: makePng(), credential: JWT })
    expect(await extractPng(baked)).toEqual({ format: 'jwt', jwt: JWT })
  })

  it('keeps the PNG valid: every CRC right, IEND last, one iTXt right after IHDR with exact bytes', async () => {
    const image = makePng()
    const before = readChunks(image)
    const baked = await bakePng({ image, credential: JWT })
    const chunks = readChunks(baked)
    expect(chunks.every((c) => c.crcOk)).toBe(true)
    expect(chunks.map((c) => c.type)).toEqual(['IHDR', 'iTXt', 'IDAT', 'IEND'])
    expect(chunks.at(-1)?.data.length).toBe(0)
    expect([...(chunks[1]?.data ?? [])]).toEqual([...enc.encode('openbadgecredential'), 0, 0, 0, 0, 0, ...enc.encode(JWT)])
    // the image chunks are carried over unchanged
    expect([...(chunks[0]?.data ?? [])]).toEqual([...(before[0]?.data ?? [])])
    expect([...(chunks[2]?.data ?? [])]).toEqual([...(before[1]?.data ?? [])])
    // the input is not modified
    expect(image).toEqual(makePng())
  })

  it('refuses to bake twice, and overwrite leaves exactly one credential chunk', async () => {
    const once = await bakePng({ image: makePng(), credential: CREDENTIAL })
    await expect(bakePng({ image: once, credential: JWT })).rejects.toMatchObject({ code: 'ERR_OB3_PNG_ALREADY_BAKED' })
    const twice = await bakePng({ image: once, credential: JWT, overwrite: true })
    const credentialChunks = readChunks(twice).filter((c) => c.type === 'iTXt' && dec.decode(c.data).startsWith('openbadgecredential\0'))
    expect(credentialChunks).toHaveLength(1)
    expect(await extractPng(twice)).toEqual({ format: 'jwt', jwt: JWT })
  })

  it('overwrite also cleans an image holding two credential chunks', async () => {
    const image = makePng([chunk('iTXt', itxt('openbadgecredential', JWT)), chunk('iTXt', itxt('openbadgecredential', JWT))])
    const baked = await bakePng({ image, credential: CREDENTIAL, overwrite: true })
    expect(readChunks(baked).map((c) => c.type)).toEqual(['IHDR', 'iTXt', 'IDAT', 'IEND'])
    expect(await extractPng(baked)).toMatchObject({ format: 'json' })
  })

  it('keeps other text chunks, including iTXt chunks with other keywords', async () => {
    const image = makePng([chunk('tEXt', [...enc.encode('Comment'), 0, ...enc.encode('hi')]), chunk('iTXt', itxt('openbadges', 'https://x'))])
    const baked = await bakePng({ image, credential: JWT })
    expect(readChunks(baked).map((c) => c.type)).toEqual(['IHDR', 'iTXt', 'tEXt', 'iTXt', 'IDAT', 'IEND'])
    expect(await extractPng(baked)).toEqual({ format: 'jwt', jwt: JWT })
  })

  it('reads a credential chunk placed elsewhere, with a language tag, and trims whitespace', async () => {
    const image = makePng([chunk('tEXt', [...enc.encode('Comment'), 0]), chunk('iTXt', itxt('openbadgecredential', `\n ${JWT}\n`, 0, 0, 'en', 'Credential'))])
    expect(await extractPng(image)).toEqual({ format: 'jwt', jwt: JWT })
  })

  it('ERR_OB3_PNG_NO_CREDENTIAL without the chunk (other keywords and tEXt do not count)', async () => {
    await expect(extractPng(makePng())).rejects.toMatchObject({ code: 'ERR_OB3_PNG_NO_CREDENTIAL' })
    const other = makePng([chunk('tEXt', [...enc.encode('openbadgecredential'), 0, ...enc.encode(JWT)]), chunk('iTXt', itxt('OpenBadgeCredential', JWT))])
    await expect(extractPng(other)).rejects.toMatchObject({ code: 'ERR_OB3_PNG_NO_CREDENTIAL' })
  })

  it('ERR_OB3_PNG_MULTIPLE_CREDENTIALS with two chunks, even identical ones', async () => {
    const image = makePng([chunk('iTXt', itxt('openbadgecredential', JWT)), chunk('iTXt', itxt('openbadgecredential', JSON.stringify(CREDENTIAL)))])
    await expect(extractPng(image)).rejects.toMatchObject({ code: 'ERR_OB3_PNG_MULTIPLE_CREDENTIALS' })
    const same = makePng([chunk('iTXt', itxt('openbadgecredential', JWT)), chunk('iTXt', itxt('openbadgecredential', JWT))])
    await expect(extractPng(same)).rejects.toMatchObject({ code: 'ERR_OB3_PNG_MULTIPLE_CREDENTIALS' })
  })

  it('ERR_OB3_PNG_INVALID for a PNG cut at any offset', async () => {
    const baked = await bakePng({ image: makePng(), credential: CREDENTIAL })
    for (let cut = 0; cut < baked.length; cut++) {
      await expect(extractPng(baked.slice(0, cut)), `cut at ${cut}`).rejects.toMatchObject({ code: 'ERR_OB3_PNG_INVALID' })
      await expect(bakePng({ image: baked.slice(0, cut), credential: JWT, overwrite: true })).rejects.toMatchObject({ code: 'ERR_OB3_PNG_INVALID' })
    }
  })

  it('ERR_OB3_PNG_INVALID for a bad CRC anywhere', async () => {
    const baked = await bakePng({ image: makePng(), credential: JWT })
    for (const at of [20, 40, baked.length - 20, baked.length - 1]) {
      const broken = baked.slice()
      broken[at] = (broken[at] ?? 0) ^ 0x01
      await expect(extractPng(broken), `flipped byte ${at}`).rejects.toMatchObject({ code: 'ERR_OB3_PNG_INVALID' })
    }
  })

  it('ERR_OB3_PNG_INVALID for a chunk length beyond the file', async () => {
    for (const length of [0x7fffffff, 0x80000000, 0xffffffff, 1000]) {
      const broken = makePng()
      new DataView(broken.buffer).setUint32(33, length) // the chunk after IHDR (8 + 25)
      await expect(extractPng(broken)).rejects.toMatchObject({ code: 'ERR_OB3_PNG_INVALID' })
    }
  })

  it('ERR_OB3_PNG_INVALID for something that is not a PNG', async () => {
    for (const bytes of [new Uint8Array(), enc.encode('GIF89a\x01\x00\x01\x00'), enc.encode(SVG), makePng().slice(1)]) {
      await expect(extractPng(bytes)).rejects.toMatchObject({ code: 'ERR_OB3_PNG_INVALID' })
      await expect(bakePng({ image: bytes, credential: JWT })).rejects.toMatchObject({ code: 'ERR_OB3_PNG_INVALID' })
    }
    // signature fine, but no IHDR first
    const noIhdr = Uint8Array.from([...SIGNATURE, ...chunk('IEND', [])])
    await expect(extractPng(noIhdr)).rejects.toMatchObject({ code: 'ERR_OB3_PNG_INVALID' })
  })

  it('ERR_OB3_PNG_INVALID for a compressed iTXt, saying compression is not allowed', async () => {
    const image = makePng([chunk('iTXt', itxt('openbadgecredential', deflateSync(enc.encode(JWT)), 1, 0))])
    await expect(extractPng(image)).rejects.toMatchObject({ code: 'ERR_OB3_PNG_INVALID', message: expect.stringMatching(/compression is not allowed/) })
    const badMethod = makePng([chunk('iTXt', itxt('openbadgecredential', JWT, 0, 1))])
    await expect(extractPng(badMethod)).rejects.toMatchObject({ code: 'ERR_OB3_PNG_INVALID' })
  })

  it('ERR_OB3_PNG_INVALID for a malformed credential chunk or text that is neither JSON nor a JWS', async () => {
    const texts: number[][] = [
      [...enc.encode('openbadgecredential'), 0, 0], // cut short after the flag
      [...enc.encode('openbadgecredential'), 0, 0, 0, 0], // translated keyword not terminated
      itxt('openbadgecredential', Uint8Array.of(0xff, 0xfe)), // not UTF-8
      itxt('openbadgecredential', 'https://example.org/assertion'),
      itxt('openbadgecredential', 'a.b'),
      itxt('openbadgecredential', 'a.b.c.d'),
      itxt('openbadgecredential', 'a..c'),
      itxt('openbadgecredential', ''),
    ]
    for (const data of texts) {
      await expect(extractPng(makePng([chunk('iTXt', data)]))).rejects.toMatchObject({ code: 'ERR_OB3_PNG_INVALID' })
    }
  })

  it('ERR_OB3_JSON_INVALID for text that starts with { but is not JSON', async () => {
    const image = makePng([chunk('iTXt', itxt('openbadgecredential', '{"type": [}'))])
    await expect(extractPng(image)).rejects.toMatchObject({ code: 'ERR_OB3_JSON_INVALID' })
  })

  it('ERR_OB3_INPUT_TOO_LARGE over 16 MiB by default, or over maxBytes', async () => {
    await expect(extractPng(new Uint8Array(20 * 1024 * 1024))).rejects.toMatchObject({ code: 'ERR_OB3_INPUT_TOO_LARGE' })
    const baked = await bakePng({ image: makePng(), credential: JWT })
    await expect(extractPng(baked, { maxBytes: 100 })).rejects.toMatchObject({ code: 'ERR_OB3_INPUT_TOO_LARGE' })
    await expect(extractPng(baked, { maxBytes: baked.length })).resolves.toMatchObject({ format: 'jwt' })
  })

  it('throws TypeError for wrong usage', async () => {
    await expect(bakePng({ image: makePng(), credential: 'not a jws' })).rejects.toBeInstanceOf(TypeError)
    await expect(bakePng({ image: makePng(), credential: [] })).rejects.toBeInstanceOf(TypeError)
    await expect(bakePng({ image: 'png' as unknown as Uint8Array, credential: JWT })).rejects.toBeInstanceOf(TypeError)
    await expect(extractPng(makePng(), { maxBytes: -1 })).rejects.toBeInstanceOf(TypeError)
  })
})

// ---------------------------------------------------------------------------------------------
// SVG
// ---------------------------------------------------------------------------------------------

describe('bakeSvg / extractSvg', () => {
  it('round-trips a JSON credential in CDATA, directly after the <svg> start tag', async () => {
    const baked = await bakeSvg({ image: SVG, credential: CREDENTIAL })
    expect(baked).toBe(
      `<svg xmlns:openbadges="${OB3_SVG_NAMESPACE}" xmlns="http://www.w3.org/2000/svg" width="10" height="10">` +
        `<openbadges:credential><![CDATA[${JSON.stringify(CREDENTIAL)}]]></openbadges:credential>` +
        '<circle cx="5" cy="5" r="4"/></svg>',
    )
    expect(await extractSvg(baked)).toEqual({ format: 'json', credential: CREDENTIAL, text: JSON.stringify(CREDENTIAL) })
  })

  it('round-trips a VC-JWT in the verify attribute with an empty body', async () => {
    const baked = await bakeSvg({ image: SVG, credential: JWT })
    expect(baked).toContain(`<openbadges:credential verify="${JWT}"></openbadges:credential><circle`)
    expect(await extractSvg(baked)).toEqual({ format: 'jwt', jwt: JWT })
  })

  it('accepts UTF-8 bytes (with or without a BOM) and keeps an existing openbadges declaration', async () => {
    const declared = `<svg xmlns="http://www.w3.org/2000/svg" xmlns:openbadges="${OB3_SVG_NAMESPACE}"></svg>`
    const baked = await bakeSvg({ image: Uint8Array.from([0xef, 0xbb, 0xbf, ...enc.encode(declared)]), credential: JWT })
    expect(baked.split('xmlns:openbadges=')).toHaveLength(2)
    expect(await extractSvg(enc.encode(baked))).toEqual({ format: 'jwt', jwt: JWT })
  })

  it('bakes into a self-closed root', async () => {
    const baked = await bakeSvg({ image: '<svg xmlns="http://www.w3.org/2000/svg" />', credential: JWT })
    expect(baked).toBe(`<svg xmlns:openbadges="${OB3_SVG_NAMESPACE}" xmlns="http://www.w3.org/2000/svg" ><openbadges:credential verify="${JWT}"></openbadges:credential></svg>`)
    expect(await extractSvg(baked)).toEqual({ format: 'jwt', jwt: JWT })
  })

  it('splits the CDATA section around ]]> in the JSON, and round-trips it', async () => {
    const tricky = { ...CREDENTIAL, name: 'a ]]> b ]]]]> c <![CDATA[ d &amp; </openbadges:credential>' }
    const baked = await bakeSvg({ image: SVG, credential: tricky })
    expect(credentialCount(baked)).toBe(1)
    expect(baked).toContain(']]]]><![CDATA[>')
    expect(await extractSvg(baked)).toEqual({ format: 'json', credential: tricky, text: JSON.stringify(tricky) })
  })

  it('refuses to bake twice, and overwrite leaves exactly one credential element', async () => {
    const once = await bakeSvg({ image: SVG, credential: CREDENTIAL })
    await expect(bakeSvg({ image: once, credential: JWT })).rejects.toMatchObject({ code: 'ERR_OB3_SVG_ALREADY_BAKED' })
    const twice = await bakeSvg({ image: once, credential: JWT, overwrite: true })
    expect(credentialCount(twice)).toBe(1)
    expect(twice.split('xmlns:openbadges=')).toHaveLength(2)
    expect(await extractSvg(twice)).toEqual({ format: 'jwt', jwt: JWT })
    // a credential under another prefix, deeper in the document, is found and replaced too
    const other = `<svg xmlns="http://www.w3.org/2000/svg"><g><ob:credential xmlns:ob="${OB3_SVG_NAMESPACE}" verify="${JWT}"/></g></svg>`
    await expect(bakeSvg({ image: other, credential: CREDENTIAL })).rejects.toMatchObject({ code: 'ERR_OB3_SVG_ALREADY_BAKED' })
    const replaced = await bakeSvg({ image: other, credential: CREDENTIAL, overwrite: true })
    expect(replaced).not.toContain('ob:credential')
    expect(await extractSvg(replaced)).toMatchObject({ format: 'json', credential: CREDENTIAL })
  })

  it('reads the shape of the 1EdTech validator fixtures: XML declaration, external DOCTYPE, indented CDATA', async () => {
    // Same prolog and layout as VAL inspector-vc/src/test/resources/ob30/simple-{json,jwt}.svg.
    const prolog =
      '<?xml version="1.0" encoding="utf-8"?>\n<!DOCTYPE svg PUBLIC "-//W3C//DTD SVG 1.1//EN" "http://www.w3.org/Graphics/SVG/1.1/DTD/svg11.dtd">\n' +
      `<svg version="1.1" xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" xmlns:openbadges="${OB3_SVG_NAMESPACE}" x="0px" y="0px" viewBox="0 0 1000 1000" xml:space="preserve">\n`
    const json = `${prolog}  <openbadges:credential>\n    <![CDATA[\n      ${JSON.stringify(CREDENTIAL, null, 2)}\n    ]]>\n  </openbadges:credential>\n  <g>\n    <path d="M0,0" />\n  </g>\n</svg>`
    expect(await extractSvg(json)).toMatchObject({ format: 'json', credential: CREDENTIAL })
    const jwt = `${prolog}    <openbadges:credential verify="${JWT}"></openbadges:credential>\n    <g><circle cx="1" cy="1" r="1" /></g>\n</svg>`
    expect(await extractSvg(jwt)).toEqual({ format: 'jwt', jwt: JWT })
    // and bakes over it, keeping the prolog
    const rebaked = await bakeSvg({ image: jwt, credential: CREDENTIAL, overwrite: true })
    expect(rebaked.startsWith(prolog.trimEnd())).toBe(true)
    expect(await extractSvg(rebaked)).toMatchObject({ format: 'json', credential: CREDENTIAL })
  })

  it('accepts any prefix bound to the namespace, the default namespace, and a self-closing element', async () => {
    const prefixed = `<svg xmlns="http://www.w3.org/2000/svg" xmlns:ob="${OB3_SVG_NAMESPACE}"><ob:credential verify="${JWT}"/></svg>`
    expect(await extractSvg(prefixed)).toEqual({ format: 'jwt', jwt: JWT })
    const byDefault = `<svg xmlns="http://www.w3.org/2000/svg"><credential xmlns="${OB3_SVG_NAMESPACE}" verify='${JWT}' /></svg>`
    expect(await extractSvg(byDefault)).toEqual({ format: 'jwt', jwt: JWT })
    const svgPrefixed = `<s:svg xmlns:s="http://www.w3.org/2000/svg"><x:credential xmlns:x="${OB3_SVG_NAMESPACE}"><![CDATA[{"a":1}]]></x:credential></s:svg>`
    expect(await extractSvg(svgPrefixed)).toEqual({ format: 'json', credential: { a: 1 }, text: '{"a":1}' })
  })

  it('ignores credential elements in another namespace or out of scope', async () => {
    const wrongNs = `<svg xmlns="http://www.w3.org/2000/svg" xmlns:openbadges="https://purl.imsglobal.org/ob/v2p0"><openbadges:credential verify="${JWT}"/></svg>`
    await expect(extractSvg(wrongNs)).rejects.toMatchObject({ code: 'ERR_OB3_SVG_NO_CREDENTIAL' })
    const unbound = `<svg xmlns="http://www.w3.org/2000/svg"><g xmlns:ob="${OB3_SVG_NAMESPACE}"/><ob:credential verify="${JWT}"/></svg>`
    await expect(extractSvg(unbound)).rejects.toMatchObject({ code: 'ERR_OB3_SVG_NO_CREDENTIAL' })
    const shadowed = `<svg xmlns:ob="${OB3_SVG_NAMESPACE}"><g xmlns:ob="urn:other"><ob:credential verify="${JWT}"/></g></svg>`
    await expect(extractSvg(shadowed)).rejects.toMatchObject({ code: 'ERR_OB3_SVG_NO_CREDENTIAL' })
  })

  it('decodes character references and predefined entities in verify and in body text', async () => {
    const [head, payload, sig] = JWT.split('.') as [string, string, string]
    const encoded = `&#x${head.charCodeAt(0).toString(16)};${head.slice(1)}&#46;${payload}&#x2E;${sig.slice(0, -1)}&#${sig.charCodeAt(sig.length - 1)};`
    const svg = `<svg xmlns:openbadges="${OB3_SVG_NAMESPACE}"><openbadges:credential verify="${encoded}"/></svg>`
    expect(await extractSvg(svg)).toEqual({ format: 'jwt', jwt: JWT })
    const text = `<svg xmlns:openbadges="${OB3_SVG_NAMESPACE}"><openbadges:credential>{&quot;a&quot;: &quot;&lt;&amp;&gt;&apos;&#233;&#x1F600;&quot;<!-- a comment -->}</openbadges:credential></svg>`
    expect(await extractSvg(text)).toMatchObject({ format: 'json', credential: { a: "<&>'é😀" } })
    // CDATA is taken literally
    const cdata = `<svg xmlns:openbadges="${OB3_SVG_NAMESPACE}"><openbadges:credential><![CDATA[{"a":"&amp;"}]]></openbadges:credential></svg>`
    expect(await extractSvg(cdata)).toMatchObject({ credential: { a: '&amp;' } })
  })

  it('ERR_OB3_SVG_INVALID for undefined entities and bad references', async () => {
    for (const verify of ['&nbsp;x.y.z', '&lol9;', 'a&b.c.d', '&#0;a.b.c', '&#xD800;a.b.c', '&#x110000;']) {
      const svg = `<svg xmlns:openbadges="${OB3_SVG_NAMESPACE}"><openbadges:credential verify="${verify}"/></svg>`
      await expect(extractSvg(svg), verify).rejects.toMatchObject({ code: 'ERR_OB3_SVG_INVALID' })
    }
  })

  it('ERR_OB3_SVG_FORBIDDEN_DTD for a billion-laughs entity bomb, without expanding it (work counted, not timed)', async () => {
    const lols = ['<!ENTITY lol "lol">']
    for (let i = 1; i <= 9; i++) lols.push(`<!ENTITY lol${i} "${`&lol${i === 1 ? '' : i - 1};`.repeat(10)}">`)
    const bomb = `<?xml version="1.0"?>\n<!DOCTYPE lolz [\n <!ELEMENT lolz (#PCDATA)>\n ${lols.join('\n ')}\n]>\n<svg xmlns:openbadges="${OB3_SVG_NAMESPACE}"><openbadges:credential>&lol9;</openbadges:credential></svg>`
    await expect(extractSvg(bomb)).rejects.toMatchObject({ code: 'ERR_OB3_SVG_FORBIDDEN_DTD' })
    await expect(bakeSvg({ image: bomb, credential: JWT })).rejects.toMatchObject({ code: 'ERR_OB3_SVG_FORBIDDEN_DTD' })
    // Expanding &lol9; would touch 3·10⁹ characters; refusing it reads the DOCTYPE once at most.
    const { work, error } = countStringWork(() => scanSvg(bomb))
    expect(error).toMatchObject({ code: 'ERR_OB3_SVG_FORBIDDEN_DTD', message: expect.stringContaining('DOCTYPE') })
    expect(work).toBeLessThanOrEqual(2 * bomb.length)
  })

  it('ERR_OB3_SVG_FORBIDDEN_DTD for external entities, stray declarations and late DOCTYPEs', async () => {
    const cases = [
      '<!DOCTYPE svg SYSTEM "x.dtd" [<!ENTITY xxe SYSTEM "file:///etc/passwd">]><svg>&xxe;</svg>',
      '<!DOCTYPE svg[]><svg/>',
      '<!ENTITY a "b"><svg/>',
      '<svg><!ENTITY a "b"></svg>',
      '<svg/><!DOCTYPE svg>',
      '<!DOCTYPE svg><!DOCTYPE svg><svg/>',
      '<!doctype svg [ ]><svg/>',
      '<!DOCTYPE svg PUBLIC "a"><svg/>',
      '<!DOCTYPE',
    ]
    for (const svg of cases) await expect(extractSvg(svg), svg).rejects.toMatchObject({ code: 'ERR_OB3_SVG_FORBIDDEN_DTD' })
  })

  it('ERR_OB3_SVG_NO_CREDENTIAL without the element', async () => {
    await expect(extractSvg(SVG)).rejects.toMatchObject({ code: 'ERR_OB3_SVG_NO_CREDENTIAL' })
    // text that merely looks like the element does not count
    const hidden = `<svg xmlns:openbadges="${OB3_SVG_NAMESPACE}"><!-- <openbadges:credential verify="${JWT}"/> --><desc><![CDATA[<openbadges:credential verify="${JWT}"/>]]></desc></svg>`
    await expect(extractSvg(hidden)).rejects.toMatchObject({ code: 'ERR_OB3_SVG_NO_CREDENTIAL' })
  })

  it('ERR_OB3_SVG_MULTIPLE_CREDENTIALS with two elements, whatever their prefixes', async () => {
    const two = `<svg xmlns:openbadges="${OB3_SVG_NAMESPACE}" xmlns:ob="${OB3_SVG_NAMESPACE}"><openbadges:credential verify="${JWT}"/><g><ob:credential verify="${JWT}"></ob:credential></g></svg>`
    await expect(extractSvg(two)).rejects.toMatchObject({ code: 'ERR_OB3_SVG_MULTIPLE_CREDENTIALS' })
  })

  it('ERR_OB3_SVG_INVALID for a missing root <svg>, malformed XML or an unusable credential element', async () => {
    const el = (attrs: string, body?: string): string =>
      `<svg xmlns:openbadges="${OB3_SVG_NAMESPACE}"><openbadges:credential${attrs}${body === undefined ? '/>' : `>${body}</openbadges:credential>`}</svg>`
    const cases = [
      '',
      '   ',
      'hello',
      '<html><svg/></html>',
      '<?xml version="1.0"?>',
      '<svg>',
      '<svg></g></svg>',
      '<svg></svg><svg></svg>',
      '<svg></svg>trailing',
      '<svg a="1" a="2"/>',
      '<svg a="1"b="2"/>',
      '<svg a=1/>',
      '<svg a="<"/>',
      '<svg a="1',
      '<svg><!-- no end',
      '<svg><![CDATA[ no end',
      '< svg/>',
      el(''),
      el('', '  '),
      el(` verify="${JWT}"`, '{"a":1}'),
      el(' verify="not a jws"'),
      el('', JWT),
      el('', '<![CDATA[not json]]>'),
      el('', '<g/>'),
    ]
    for (const svg of cases) await expect(extractSvg(svg), svg).rejects.toMatchObject({ code: 'ERR_OB3_SVG_INVALID' })
    await expect(extractSvg(Uint8Array.of(0x3c, 0xff, 0x3e))).rejects.toMatchObject({ code: 'ERR_OB3_SVG_INVALID' })
    await expect(extractSvg(el('', '{"a":'))).rejects.toMatchObject({ code: 'ERR_OB3_JSON_INVALID' })
    // baking checks the SVG too, and will not rebind a prefix the root already uses
    await expect(bakeSvg({ image: '<html/>', credential: JWT })).rejects.toMatchObject({ code: 'ERR_OB3_SVG_INVALID' })
    await expect(bakeSvg({ image: '<svg xmlns:openbadges="urn:other"/>', credential: JWT })).rejects.toMatchObject({ code: 'ERR_OB3_SVG_INVALID' })
  })

  it('ERR_OB3_INPUT_TOO_LARGE for a 20 MB input, as bytes or text, or over maxBytes', async () => {
    const big = new Uint8Array(20 * 1000 * 1000).fill(0x20)
    await expect(extractSvg(big)).rejects.toMatchObject({ code: 'ERR_OB3_INPUT_TOO_LARGE' })
    await expect(extractSvg(' '.repeat(20 * 1000 * 1000))).rejects.toMatchObject({ code: 'ERR_OB3_INPUT_TOO_LARGE' })
    const baked = await bakeSvg({ image: SVG, credential: JWT })
    await expect(extractSvg(baked, { maxBytes: 64 })).rejects.toMatchObject({ code: 'ERR_OB3_INPUT_TOO_LARGE' })
  })

  describe('scans adversarial input in linear time (work counted, not timed)', () => {
    // Each input family at a size n, with the code extractSvg refuses it with. Work is every
    // character the scanner's string operations examine (test/support/count-string-work.ts).
    const families: [string, (n: number) => string, string][] = [
      ['deep nesting, never closed', (n) => `<svg>${'<g>'.repeat(n / 3)}`, 'ERR_OB3_SVG_INVALID'],
      ['many siblings', (n) => `<svg>${'<g></g>'.repeat(n / 7)}</svg>`, 'ERR_OB3_SVG_NO_CREDENTIAL'],
      ['a long attribute name', (n) => `<svg ${'a'.repeat(n)}`, 'ERR_OB3_SVG_INVALID'],
      ['ampersands in text', (n) => `<svg>${'&'.repeat(n)}</svg>`, 'ERR_OB3_SVG_NO_CREDENTIAL'],
      ['unterminated references in the credential', (n) => `<svg xmlns:openbadges="${OB3_SVG_NAMESPACE}"><openbadges:credential>${'&amp'.repeat(n / 4)}</openbadges:credential></svg>`, 'ERR_OB3_SVG_INVALID'],
      ['comment openers', (n) => `<svg>${'<!--'.repeat(n / 4)}`, 'ERR_OB3_SVG_INVALID'],
      ['CDATA openers', (n) => `<svg>${'<![CDATA['.repeat(n / 9)}`, 'ERR_OB3_SVG_INVALID'],
      ['many distinct attributes', (n) => `<svg ${Array.from({ length: n / 10 }, (_, i) => `a${i}="1"`).join(' ')}/>`, 'ERR_OB3_SVG_NO_CREDENTIAL'],
      ['a run of <', (n) => `<svg>${'<'.repeat(n)}`, 'ERR_OB3_SVG_INVALID'],
      ['an unterminated DOCTYPE', (n) => `<!DOCTYPE svg PUBLIC "${'x'.repeat(n)}`, 'ERR_OB3_SVG_FORBIDDEN_DTD'],
    ]

    it.each(families)('%s: refused with its code, with work per character that does not grow with size', async (_name, make, code) => {
      const small = make(40_000)
      const large = make(160_000)
      await expect(extractSvg(large)).rejects.toMatchObject({ code })
      const perChar = (svg: string) => countStringWork(() => scanSvg(svg)).work / svg.length
      const [a, b] = [perChar(small), perChar(large)]
      // Linear: the same few units per character at both sizes; a re-scan would multiply it by 4.
      expect(a).toBeLessThanOrEqual(16)
      expect(b).toBeLessThanOrEqual(a * 1.1)
    })
  })

  it('throws TypeError for wrong usage', async () => {
    await expect(bakeSvg({ image: SVG, credential: 'x' })).rejects.toBeInstanceOf(TypeError)
    await expect(bakeSvg({ image: SVG, credential: null as unknown as object })).rejects.toBeInstanceOf(TypeError)
    await expect(extractSvg(42 as unknown as string)).rejects.toBeInstanceOf(TypeError)
  })
})

describe('PNG chunk tools (parsePngChunks / serializePngChunks)', () => {
  it('write exactly what an independent writer writes, and read it back', () => {
    const png = makePng([chunk('tEXt', enc.encode('Title\0Badge'))])
    const chunks = parsePngChunks(png)
    expect(chunks.map((c) => c.type)).toEqual(['IHDR', 'tEXt', 'IDAT', 'IEND'])
    expect(serializePngChunks(chunks)).toEqual(png)
    expect([...PNG_SIGNATURE]).toEqual(SIGNATURE)
  })

  it('refuse a chunk type that is not four ASCII letters', () => {
    expect(() => serializePngChunks([{ type: 'IH1R', data: new Uint8Array(13) }])).toThrow(TypeError)
    expect(() => serializePngChunks([{ type: 'IDATA', data: new Uint8Array(0) }])).toThrow(TypeError)
  })
})

/**
 * The share document (core/src/share/check-share-document.ts): what checkShareDocument refuses
 * that only a direct caller can hand it (values parsed elsewhere, non-object parts), the messages
 * and causes of parseShareDocument, and the cause kept by shareArtifactFiles.
 */
import { describe, expect, it } from 'vitest'
import { Ob3Error, checkShareDocument, parseShareDocument, shareArtifactFiles, toBase64Url, utf8, type ShareDocument } from '../src/index.js'

const VP = { '@context': ['https://www.w3.org/ns/credentials/v2'], type: ['VerifiablePresentation'] }
const ARTIFACT = { name: 'plan.md', mediaType: 'text/markdown', data: toBase64Url(utf8('# Plan')) }
const DOC: ShareDocument = { v: 1, presentation: VP, artifacts: [ARTIFACT] }

/** The error a call throws (undefined when it returns). */
function thrown(f: () => unknown): (Error & { code?: string; details?: unknown; cause?: unknown }) | undefined {
  try {
    f()
  } catch (err) {
    return err as Error & { code?: string }
  }
  return undefined
}

/** A value nested `levels` objects deep: `{ a: { a: … {} } }`. */
function nested(levels: number): Record<string, unknown> {
  let value: Record<string, unknown> = {}
  for (let i = 1; i < levels; i++) value = { a: value }
  return value
}

describe('checkShareDocument: values that did not come from its own JSON parser', () => {
  it('refuses a string, a number or a boolean as not a JSON object', () => {
    for (const value of ['{"v":1}', 1, true, undefined]) {
      expect(thrown(() => checkShareDocument(value)), String(value)).toMatchObject({ code: 'ERR_OB3_SHARE_LINK_INVALID', message: 'the share document is not a JSON object' })
    }
  })

  it('refuses a forbidden key anywhere in it, naming the share document', () => {
    const value = JSON.parse('{"v":1,"presentation":{"type":["VerifiablePresentation"],"__proto__":{"admin":true}},"artifacts":[]}') as unknown
    expect(thrown(() => checkShareDocument(value))).toMatchObject({
      code: 'ERR_OB3_JSON_FORBIDDEN_KEY',
      message: 'the share document contains a "__proto__" key, which is refused (it could change object prototypes)',
      details: { key: '__proto__' },
    })
  })

  it('refuses a document nested deeper than 64 levels, naming the share document; 64 levels are accepted', () => {
    // the document is level 1, its presentation level 2
    expect(thrown(() => checkShareDocument({ v: 1, presentation: nested(64) }))).toMatchObject({
      code: 'ERR_OB3_JSON_TOO_DEEP', message: 'the share document nests deeper than 64 levels', details: { limit: 64 },
    })
    expect(checkShareDocument({ v: 1, presentation: nested(63) }).presentation).toEqual(nested(63))
  })

  it('refuses a presentation that is a number or a boolean', () => {
    for (const presentation of [5, true]) {
      expect(thrown(() => checkShareDocument({ v: 1, presentation }))).toMatchObject({
        code: 'ERR_OB3_SHARE_LINK_INVALID', message: 'the share document has no presentation (a JSON object or a VP-JWT)',
      })
    }
  })

  it('refuses an artifact that is a string or a number as not an object, counting from 1', () => {
    expect(thrown(() => checkShareDocument({ ...DOC, artifacts: ['plan.md'] }))).toMatchObject({ code: 'ERR_OB3_SHARE_LINK_INVALID', message: 'artifact 1 of the share is not an object' })
    expect(thrown(() => checkShareDocument({ ...DOC, artifacts: [ARTIFACT, ARTIFACT, 3] }))).toMatchObject({ code: 'ERR_OB3_SHARE_LINK_INVALID', message: 'artifact 3 of the share is not an object' })
  })

  it('returns a new document of exactly v, presentation and artifacts, each artifact copied field by field', () => {
    const input = { v: 1, presentation: VP, artifacts: [{ data: 'AQID', mediaType: 'application/octet-stream', name: 'a.bin', size: 3 }], note: 'x' }
    const checked = checkShareDocument(input)
    expect(checked).toStrictEqual({ v: 1, presentation: VP, artifacts: [{ name: 'a.bin', mediaType: 'application/octet-stream', data: 'AQID' }] })
    expect(Object.keys(checked)).toEqual(['v', 'presentation', 'artifacts'])
    expect(checked.presentation).toBe(VP)
    expect(checked.artifacts).not.toBe(input.artifacts)
  })
})

describe('parseShareDocument: messages and causes', () => {
  it('wraps JSON that does not parse as ERR_OB3_SHARE_LINK_INVALID, keeping the parser\'s error as the cause', () => {
    const parserMessage = thrown(() => JSON.parse('{'))?.message as string
    const error = thrown(() => parseShareDocument('{', 10))
    expect(error).toBeInstanceOf(Ob3Error)
    expect(error).toMatchObject({ code: 'ERR_OB3_SHARE_LINK_INVALID', message: `the share document is not valid JSON: the share document is not valid JSON: ${parserMessage}` })
    expect(error?.cause).toBeInstanceOf(Ob3Error)
    expect(error?.cause).toMatchObject({ code: 'ERR_OB3_JSON_INVALID', message: `the share document is not valid JSON: ${parserMessage}` })
  })

  it('passes the other refusals of the parser through with their own codes, naming the share document', () => {
    const text = JSON.stringify(DOC)
    expect(thrown(() => parseShareDocument(text, text.length - 1))).toMatchObject({
      code: 'ERR_OB3_INPUT_TOO_LARGE', message: `the share document is ${text.length} characters; the limit is ${text.length - 1}`,
    })
    const deep = `{"v":1,"presentation":${'['.repeat(70)}${']'.repeat(70)}}`
    expect(thrown(() => parseShareDocument(deep, 1000))).toMatchObject({ code: 'ERR_OB3_JSON_TOO_DEEP', message: 'the share document nests deeper than 64 levels' })
    expect(thrown(() => parseShareDocument('{"v":1,"presentation":{"constructor":{}}}', 1000))).toMatchObject({
      code: 'ERR_OB3_JSON_FORBIDDEN_KEY', message: 'the share document contains a "constructor" key, which is refused (it could change object prototypes)',
    })
    expect(thrown(() => parseShareDocument(42 as unknown as string, 1000))).toEqual(new TypeError('parseJson: text must be a string'))
  })

  it('checks the parsed value as a share document', () => {
    expect(parseShareDocument('{"v":1,"presentation":"a.b.c","extra":true}', 100)).toStrictEqual({ v: 1, presentation: 'a.b.c', artifacts: [] })
    expect(thrown(() => parseShareDocument('"a.b.c"', 100))).toMatchObject({ code: 'ERR_OB3_SHARE_LINK_INVALID', message: 'the share document is not a JSON object' })
  })
})

describe('shareArtifactFiles', () => {
  it('keeps the decoder\'s error as the cause of an artifact that is not base64url', () => {
    const error = thrown(() => shareArtifactFiles({ ...DOC, artifacts: [{ name: 'x.bin', mediaType: 'a/b', data: 'A' }] }))
    expect(error).toMatchObject({ code: 'ERR_OB3_SHARE_LINK_INVALID', message: 'artifact 1 of the share ("x.bin") is not valid base64url' })
    expect(error?.cause).toBeInstanceOf(Error)
    expect(error?.cause).not.toBeInstanceOf(Ob3Error)
  })

  it('gives an empty list for a share without artifacts, and each file\'s bytes in order', () => {
    expect(shareArtifactFiles({ v: 1, presentation: VP, artifacts: [] })).toEqual([])
    const two = shareArtifactFiles({ v: 1, presentation: VP, artifacts: [ARTIFACT, { name: 'b.bin', mediaType: 'application/octet-stream', data: 'AQID' }] })
    expect(two).toEqual([
      { name: 'plan.md', mediaType: 'text/markdown', bytes: utf8('# Plan') },
      { name: 'b.bin', mediaType: 'application/octet-stream', bytes: Uint8Array.of(1, 2, 3) },
    ])
  })
})

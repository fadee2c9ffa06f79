import { PDFDict, PDFDocument, PDFHexString, PDFName, PDFString } from 'pdf-lib'
import { describe, expect, it } from 'vitest'
import { parsePngChunks, utf8 } from '@ob3/core'
import { cleanArtifact } from '../src/workflow/clean-artifact.js'
import { identityPatterns, redactIdentity } from '../src/workflow/redact-identity.js'
import { MARIA, identityJpeg, identityPng } from './fixtures/identity-evidence.js'

const patterns = identityPatterns(MARIA)
const random = (n: number) => new Uint8Array(n).fill(0xab)
const latin1 = (bytes: Uint8Array) => new TextDecoder('latin1').decode(bytes)

describe('redactIdentity', () => {
  it('replaces the name and its parts in any case, at word boundaries only', () => {
    expect(redactIdentity('Maria Okafor, MARIA, okafor\'s room, Maria-Okafor-plan, Ms. Okafor', patterns)).toEqual({
      text: '[name], [name], [name]\'s room, [name]-plan, Ms. [name]',
      found: ['name'],
    })
    expect(redactIdentity('Okaforsen and Marianne stay; so does Ms.', patterns).text).toBe('Okaforsen and Marianne stay; so does Ms.')
  })

  it('replaces e-mail addresses (hers in every form, and any other), DIDs, and the school with its distinctive words', () => {
    const { text, found } = redactIdentity(
      'Write to m.okafor@lincoln-elementary.example or to the office@district.example; m.okafor on chat; did:example:maria-okafor-4711 and did:key:z6Mkabc; Lincoln Elementary, or just Lincoln; our elementary grades.',
      patterns,
    )
    expect(text).toBe('Write to [e-mail] or to the [e-mail]; [e-mail] on chat; [DID] and [DID]; [school], or just [school]; our elementary grades.')
    expect(found.sort()).toEqual(['did', 'email', 'school'])
  })

  it('keeps titles and initials of a name, which identify no one alone', () => {
    const rivera = identityPatterns({ name: 'Ms. J. Rivera' })
    expect(redactIdentity('Ms. J. said that Rivera did it, J. agreed.', rivera).text).toBe('Ms. J. said that [name] did it, J. agreed.')
  })

  it('finds nothing when the educator gave only a DID, except e-mails and DIDs', () => {
    const bare = identityPatterns({ id: 'did:example:x' })
    expect(redactIdentity('plain text about sketches', bare)).toEqual({ text: 'plain text about sketches', found: [] })
  })
})

describe('cleanArtifact', () => {
  it('drops PNG text, EXIF and time chunks, keeps the image data, and adds a random private chunk', async () => {
    const png = identityPng()
    const cleaned = await cleanArtifact({ bytes: png, mediaType: 'image/png', patterns, random })
    expect(parsePngChunks(png).map((c) => c.type)).toEqual(['IHDR', 'tEXt', 'tEXt', 'iTXt', 'zTXt', 'eXIf', 'IDAT', 'IEND'])
    const chunks = parsePngChunks(cleaned.bytes)
    expect(chunks.map((c) => c.type)).toEqual(['IHDR', 'IDAT', 'obRn', 'IEND'])
    expect(chunks[1]?.data).toEqual(parsePngChunks(png)[6]?.data)
    expect(cleaned).toMatchObject({ status: 'cleaned', removed: ['PNG metadata chunks (tEXt, iTXt, zTXt, eXIf)'] })
  })

  it('drops JPEG EXIF, XMP and comment segments, keeps JFIF and the scan, and adds a random comment', async () => {
    const jpeg = identityJpeg()
    const cleaned = await cleanArtifact({ bytes: jpeg, mediaType: 'image/jpeg', patterns, random })
    expect(latin1(jpeg)).toContain('Maria Okafor')
    expect(latin1(cleaned.bytes)).not.toMatch(/okafor|lincoln|exif|adobe/i)
    expect(latin1(cleaned.bytes)).toContain('JFIF')
    expect(latin1(cleaned.bytes)).toContain(`ob3 ${'ab'.repeat(16)}`)
    expect(cleaned.removed).toEqual(['JPEG metadata segments (EXIF/XMP (APP1), comments)'])
    await expect(cleanArtifact({ bytes: utf8('not a jpeg'), mediaType: 'image/jpeg', patterns, random })).rejects.toMatchObject({ code: 'ERR_OB3_SUBMISSION_INVALID' })
  })

  it('clears PDF document information and XMP also inside compressed object streams, and drops objects nothing refers to', async () => {
    const doc = await PDFDocument.create({ updateMetadata: false })
    doc.setAuthor('Maria Okafor')
    doc.setProducer('Lincoln Elementary office')
    doc.addPage([100, 100])
    // An orphan, as an earlier revision leaves behind.
    doc.context.register(doc.context.obj({ Author: PDFString.of('Maria Okafor (old revision)') }))
    const original = await doc.save({ useObjectStreams: true })
    const cleaned = await cleanArtifact({ bytes: original, mediaType: 'application/pdf', patterns, random })
    const again = await PDFDocument.load(cleaned.bytes, { updateMetadata: false })
    expect([again.getAuthor(), again.getProducer(), again.getPageCount()]).toEqual([undefined, undefined, 1])
    expect(again.catalog.get(PDFName.of('Metadata'))).toBeUndefined()
    expect(latin1(cleaned.bytes)).not.toMatch(/okafor|old revision/i)
    expect(latin1(cleaned.bytes)).toContain(`/ID [ <${'ab'.repeat(16)}>`)
    expect(cleaned.removed).toEqual(['PDF document information (Author, Producer)'])
  })

  it('removes the author of PDF comments and redacts their text, but keeps form field names', async () => {
    const doc = await PDFDocument.create({ updateMetadata: false })
    const page = doc.addPage([100, 100])
    const note = doc.context.register(doc.context.obj({ Subtype: 'Text', Rect: [0, 0, 10, 10], T: PDFHexString.fromText('Maria Okafor'), Contents: PDFString.of('Checked by Okafor at Lincoln Elementary') }))
    const field = doc.context.register(doc.context.obj({ Type: 'Annot', Subtype: 'Widget', Rect: [0, 0, 10, 10], T: PDFString.of('grade') }))
    page.node.set(PDFName.of('Annots'), doc.context.obj([note, field]))
    const cleaned = await cleanArtifact({ bytes: await doc.save({ useObjectStreams: false }), mediaType: 'application/pdf', patterns, random })
    const annots = (await PDFDocument.load(cleaned.bytes)).getPage(0).node.Annots()
    const [kept, widget] = [0, 1].map((i) => annots?.lookup(i, PDFDict))
    expect(kept?.get(PDFName.of('T'))).toBeUndefined()
    expect(kept?.lookup(PDFName.of('Contents'), PDFHexString).decodeText()).toBe('Checked by [name] at [school]')
    expect(widget?.lookup(PDFName.of('T'), PDFString).decodeText()).toBe('grade')
    expect(cleaned.removed).toEqual(['annotation authors', 'identifying words in annotations'])
  })

  it('redacts plain-text files, and passes other types unchanged as not cleaned', async () => {
    const text = await cleanArtifact({ bytes: utf8('Plan by Maria Okafor'), mediaType: 'text/plain', patterns, random })
    expect([latin1(text.bytes), text.status, text.found]).toEqual(['Plan by [name]', 'cleaned', ['name']])
    const video = await cleanArtifact({ bytes: utf8('Maria Okafor video'), mediaType: 'video/mp4', patterns, random })
    expect([latin1(video.bytes), video.status, video.removed]).toEqual(['Maria Okafor video', 'not-cleaned', []])
  })
})

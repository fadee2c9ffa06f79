/**
 * The bitstring under every status list: `encodedList` decoded from both of its forms (multibase
 * `u` base64url, and the bare base64url of StatusList2021 lists) and refused, each way it can be
 * wrong, with ERR_OB3_STATUS_INVALID and its own message (a gzip bomb is cut off at 16 MiB); bits
 * and multi-bit values read and written at the list's first and last entry, and every index
 * outside it refused, without touching a neighbouring entry.
 */
import { gzipSync } from 'node:zlib'
import { describe, expect, it, vi } from 'vitest'
import { MAX_STATUS_LIST_BYTES, decodeStatusList, encodeStatusList, readStatusBit, readStatusValue, toBase64Url, writeStatusBit, writeStatusValue } from '@ob3/core'

/** What a call was refused with: code, message and whether it kept a cause. */
async function refusal(run: () => unknown): Promise<{ code: string | undefined; message: string; cause: boolean } | undefined> {
  try {
    await run()
    return undefined
  } catch (err) {
    const e = err as { code?: string; message: string; cause?: unknown }
    return { code: e.code, message: e.message, cause: e.cause !== undefined }
  }
}

describe('decodeStatusList', () => {
  it('reads the multibase form and the bare base64url form alike', async () => {
    const bits = new Uint8Array(16)
    writeStatusBit(bits, 0, true)
    writeStatusBit(bits, 127, true)
    const encoded = await encodeStatusList(bits)
    expect(encoded.startsWith('uH4sI')).toBe(true)
    expect([...(await decodeStatusList(encoded))]).toEqual([...bits])
    expect([...(await decodeStatusList(encoded.slice(1)))]).toEqual([...bits])
    expect([...(await decodeStatusList(toBase64Url(gzipSync(bits))))]).toEqual([...bits])
  })

  it('refuses no list, a list that is not base64url, and one that is not GZIP', async () => {
    for (const value of [undefined, '', 7, ['uH4sI']]) {
      expect(await refusal(() => decodeStatusList(value)), JSON.stringify(value)).toEqual({ code: 'ERR_OB3_STATUS_INVALID', message: 'the status list has no encodedList', cause: false })
    }
    expect(await refusal(() => decodeStatusList('u!!not base64!!'))).toEqual({ code: 'ERR_OB3_STATUS_INVALID', message: 'encodedList is not base64url', cause: true })
    expect(await refusal(() => decodeStatusList(`u${toBase64Url(new TextEncoder().encode('plain text, not gzip'))}`))).toEqual({ code: 'ERR_OB3_STATUS_INVALID', message: 'the status list is not valid GZIP data', cause: true })
  })

  it('without node:zlib (as in a browser) decodes through DecompressionStream, with the same results and refusals', async () => {
    const proc = process as unknown as { getBuiltinModule: (id: string) => unknown }
    const real = proc.getBuiltinModule
    proc.getBuiltinModule = (id: string) => (id === 'node:zlib' ? undefined : real.call(process, id))
    vi.resetModules()
    try {
      const streams = await import('../src/status/bitstring.js')
      const bits = new Uint8Array(16)
      writeStatusBit(bits, 3, true)
      expect([...(await streams.decodeStatusList(await encodeStatusList(bits)))]).toEqual([...bits])
      expect(await refusal(() => streams.decodeStatusList(`u${toBase64Url(new TextEncoder().encode('plain text, not gzip'))}`))).toEqual({ code: 'ERR_OB3_STATUS_INVALID', message: 'the status list is not valid GZIP data', cause: true })
      const bomb = toBase64Url(gzipSync(new Uint8Array(MAX_STATUS_LIST_BYTES + 1)))
      expect(await refusal(() => streams.decodeStatusList(`u${bomb}`))).toEqual({ code: 'ERR_OB3_STATUS_INVALID', message: `the status list decompresses to more than ${MAX_STATUS_LIST_BYTES} bytes`, cause: false })
      expect((await streams.decodeStatusList(`u${toBase64Url(gzipSync(new Uint8Array(MAX_STATUS_LIST_BYTES)))}`)).length).toBe(MAX_STATUS_LIST_BYTES)
    } finally {
      proc.getBuiltinModule = real
      vi.resetModules()
    }
  })

  it('cuts a list off when it inflates beyond 16 MiB (a gzip bomb), saying so', async () => {
    const bomb = toBase64Url(gzipSync(new Uint8Array(MAX_STATUS_LIST_BYTES + 1)))
    expect(bomb.length).toBeLessThan(40_000)
    expect(await refusal(() => decodeStatusList(`u${bomb}`))).toEqual({ code: 'ERR_OB3_STATUS_INVALID', message: `the status list decompresses to more than ${MAX_STATUS_LIST_BYTES} bytes`, cause: false })
    expect((await decodeStatusList(`u${toBase64Url(gzipSync(new Uint8Array(MAX_STATUS_LIST_BYTES)))}`)).length).toBe(MAX_STATUS_LIST_BYTES)
  })
})

describe('status bits', () => {
  it('read and write the first and last bit, most significant first', () => {
    const bits = new Uint8Array(2)
    writeStatusBit(bits, 0, true)
    writeStatusBit(bits, 15, true)
    expect([...bits]).toEqual([0b1000_0000, 0b0000_0001])
    expect([readStatusBit(bits, 0), readStatusBit(bits, 1), readStatusBit(bits, 15)]).toEqual([true, false, true])
    writeStatusBit(bits, 0, false)
    expect([...bits]).toEqual([0, 1])
  })

  it('refuse an index outside the list, negative or not a whole number, reading and writing', async () => {
    const bits = new Uint8Array(2)
    for (const index of [16, -1, 1.5, Number.NaN, 2 ** 53]) {
      const message = `status index ${index} is outside the list of 16 entries`
      expect(await refusal(() => readStatusBit(bits, index)), `read ${index}`).toEqual({ code: 'ERR_OB3_STATUS_INVALID', message, cause: false })
      expect(await refusal(() => writeStatusBit(bits, index, true)), `write ${index}`).toEqual({ code: 'ERR_OB3_STATUS_INVALID', message, cause: false })
    }
    expect([...bits]).toEqual([0, 0])
  })
})

describe('multi-bit status values', () => {
  it('write an entry without touching its neighbours, up to the last entry', () => {
    const bits = new Uint8Array(1)
    writeStatusValue(bits, 1, 2, 3)
    writeStatusValue(bits, 0, 2, 3)
    writeStatusValue(bits, 0, 2, 1)
    writeStatusValue(bits, 3, 2, 2)
    expect(bits[0]).toBe(0b0111_0010)
    expect([0, 1, 2, 3].map((i) => readStatusValue(bits, i, 2))).toEqual([1, 3, 0, 2])
  })

  it('refuse a size, an entry or a value that does not fit, naming it', async () => {
    const bits = new Uint8Array(1)
    for (const size of [0, 9, 1.5]) {
      expect(await refusal(() => readStatusValue(bits, 0, size))).toEqual({ code: 'ERR_OB3_STATUS_INVALID', message: `statusSize ${size} must be a whole number of bits from 1 to 8`, cause: false })
    }
    for (const index of [4, -1, 0.5]) {
      expect(await refusal(() => readStatusValue(bits, index, 2))).toEqual({ code: 'ERR_OB3_STATUS_INVALID', message: `status index ${index} is outside the list of 4 entries`, cause: false })
      expect(await refusal(() => writeStatusValue(bits, index, 2, 1))).toEqual({ code: 'ERR_OB3_STATUS_INVALID', message: `status index ${index} is outside the list of 4 entries`, cause: false })
    }
    for (const value of [4, -1, 1.5]) {
      expect(await refusal(() => writeStatusValue(bits, 0, 2, value))).toEqual({ code: 'ERR_OB3_STATUS_INVALID', message: `status value ${value} does not fit in 2 bits`, cause: false })
    }
    expect(bits[0]).toBe(0)
  })
})

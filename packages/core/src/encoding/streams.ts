import { concatBytes } from './bytes.js'

/**
 * Read a whole byte stream, stopping (and cancelling it) as soon as it passes `maxBytes`, so a
 * large or endlessly inflating input is never held in full. Errors of the stream itself (data
 * that does not decompress, a dropped connection) reach the caller as they are.
 * @throws the error `tooLarge` makes, past the bound
 * @example `const bytes = await readStreamBounded(response.body, 1 << 20, () => new Ob3Error('ERR_OB3_INPUT_TOO_LARGE', '…'))`
 */
export async function readStreamBounded(stream: ReadableStream<Uint8Array>, maxBytes: number, tooLarge: () => Error): Promise<Uint8Array> {
  const reader = stream.getReader()
  const chunks: Uint8Array[] = []
  let total = 0
  for (;;) {
    const { done, value } = await reader.read()
    if (done) break
    total += value.length
    if (total > maxBytes) {
      await reader.cancel().catch(() => undefined)
      throw tooLarge()
    }
    chunks.push(value)
  }
  return concatBytes(...chunks)
}

import { readFile, stat } from 'node:fs/promises'
import { resolve } from 'node:path'
import { UsageError, type CliIo } from './io.js'

/** Largest file the CLI reads. */
export const MAX_FILE_BYTES = 64 * 1024 * 1024

/** Read a file given on the command line (relative to the working directory), or stdin for `-`. */
export async function readInputFile(path: string, io: CliIo): Promise<Uint8Array> {
  if (path === '-') return io.readStdin()
  const full = resolve(io.cwd, path)
  const info = await stat(full).catch(() => undefined)
  if (info === undefined || !info.isFile()) throw new UsageError(`cannot read ${path}: no such file`)
  if (info.size > MAX_FILE_BYTES) throw new UsageError(`cannot read ${path}: ${info.size} bytes is over the ${MAX_FILE_BYTES}-byte limit`)
  return new Uint8Array(await readFile(full))
}

/** Read and parse a small JSON file given on the command line. */
export async function readJsonFile(path: string, io: CliIo): Promise<unknown> {
  const bytes = await readInputFile(path, io)
  try {
    return JSON.parse(new TextDecoder().decode(bytes)) as unknown
  } catch (err) {
    throw new UsageError(`${path} is not valid JSON: ${(err as Error).message}`)
  }
}

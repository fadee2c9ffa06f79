import { readFileSync, statSync } from 'node:fs'
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

/**
 * {@link readInputFile} for a file path, at once: two system calls' worth of work, not five trips
 * through the thread pool — what `ob3 verify` does for each of thousands of small files.
 * @throws UsageError as {@link readInputFile}
 */
export function readInputFileSync(path: string, io: CliIo): Uint8Array {
  const full = resolve(io.cwd, path)
  let info
  try {
    info = statSync(full)
  } catch {
    throw new UsageError(`cannot read ${path}: no such file`)
  }
  if (!info.isFile()) throw new UsageError(`cannot read ${path}: no such file`)
  if (info.size > MAX_FILE_BYTES) throw new UsageError(`cannot read ${path}: ${info.size} bytes is over the ${MAX_FILE_BYTES}-byte limit`)
  try {
    return new Uint8Array(readFileSync(full))
  } catch (err) {
    throw new UsageError(`cannot read ${path}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`)
  }
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

import { createReadStream } from 'node:fs'
import { opendir, stat } from 'node:fs/promises'
import { join, resolve } from 'node:path'
import { createInterface } from 'node:readline'
import { UsageError, type CliIo } from './io.js'

/** The kinds of file `ob3 verify` and `ob3 credits` read, by extension; a folder is searched for these. */
export const INPUT_EXTENSIONS: readonly string[] = ['.json', '.jwt', '.jws', '.png', '.svg']

/** One input as named: a file path (relative to the working directory, as given or found in a folder), a link, or `-`. */
export type InputName = string

/** An input that could not be gathered (a missing path, a folder with nothing to read): one line, exit 2. */
export interface UnreadableInput {
  unreadable: string
  message: string
}

/** Options for {@link gatherInputs}. */
export interface GatherInputsOptions {
  /** The inputs on the command line. */
  positionals: readonly string[]
  /** `--from <file | ->`: a file (or standard input) with one input per line. */
  from?: string | undefined
  io: CliIo
}

const isLink = (input: string): boolean => /^https?:\/\//.test(input)

/**
 * The inputs of a command, one at a time and in order: each command-line input, then each line of
 * `--from`. A folder stands for the files of the kinds in {@link INPUT_EXTENSIONS} under it, found
 * recursively (each folder's entries in name order). Nothing is held but the folder being listed,
 * so 100,000 inputs cost neither argv nor memory. A path that does not exist is yielded as it is
 * (reading it fails later, in its turn); a folder with no file to read yields an {@link UnreadableInput}.
 * @throws UsageError when standard input is named twice (`-` and `--from -`), or `--from` cannot be read
 */
export async function* gatherInputs(options: GatherInputsOptions): AsyncGenerator<InputName | UnreadableInput> {
  const { positionals, from, io } = options
  const stdinUses = positionals.filter((p) => p === '-').length + (from === '-' ? 1 : 0)
  if (stdinUses > 1) throw new UsageError('standard input (-) can be given once')
  if (from !== undefined && from !== '-') {
    const info = await stat(resolve(io.cwd, from)).catch(() => undefined)
    if (info === undefined || !info.isFile()) throw new UsageError(`cannot read --from ${from}: no such file`)
  }
  for (const input of positionals) yield* expand(input, io)
  if (from === undefined) return
  for await (const line of fromLines(from, io)) {
    const input = line.trim()
    if (input === '' || input === '-') continue
    yield* expand(input, io)
  }
}

/** One input: a link or `-` as it is, a folder as the files under it, anything else as a file path. */
async function* expand(input: string, io: CliIo): AsyncGenerator<InputName | UnreadableInput> {
  if (input === '-' || isLink(input)) return yield input
  const info = await stat(resolve(io.cwd, input)).catch(() => undefined)
  if (info === undefined || !info.isDirectory()) return yield input
  let found = 0
  for await (const file of walk(input, io)) {
    found++
    yield file
  }
  if (found === 0) yield { unreadable: input, message: `cannot read ${input}: the folder holds no ${INPUT_EXTENSIONS.join(', ')} file` }
}

/** The files of the kinds read under a folder, depth first, each folder's entries in name order. */
async function* walk(folder: string, io: CliIo): AsyncGenerator<string> {
  const entries: { name: string; dir: boolean }[] = []
  const dir = await opendir(resolve(io.cwd, folder))
  for await (const entry of dir) {
    if (entry.name.startsWith('.')) continue
    let isDir = entry.isDirectory()
    let isFile = entry.isFile()
    if (entry.isSymbolicLink()) {
      const target = await stat(join(resolve(io.cwd, folder), entry.name)).catch(() => undefined)
      isDir = target?.isDirectory() ?? false
      isFile = target?.isFile() ?? false
    }
    if (isDir || (isFile && INPUT_EXTENSIONS.some((ext) => entry.name.toLowerCase().endsWith(ext)))) entries.push({ name: entry.name, dir: isDir })
  }
  entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))
  for (const entry of entries) {
    const path = join(folder, entry.name)
    if (entry.dir) yield* walk(path, io)
    else yield path
  }
}

/** The lines of `--from`: a file read as a stream, or standard input. */
async function* fromLines(from: string, io: CliIo): AsyncGenerator<string> {
  if (from === '-') {
    const text = new TextDecoder().decode(await io.readStdin())
    let start = 0
    while (start < text.length) {
      const end = text.indexOf('\n', start)
      const stop = end < 0 ? text.length : end
      yield text.slice(start, stop)
      start = stop + 1
    }
    return
  }
  const lines = createInterface({ input: createReadStream(resolve(io.cwd, from)), crlfDelay: Infinity })
  for await (const line of lines) yield line
}

/**
 * Run `work` on each item with up to `concurrency` at a time, handing results to `emit` in the
 * items' order as soon as each one and all before it are done. At most `concurrency` results are
 * held at once.
 */
export async function inOrder<T, R>(items: AsyncIterable<T>, concurrency: number, work: (item: T) => Promise<R>, emit: (result: R) => void | Promise<void>): Promise<void> {
  type Settled = { ok: true; value: R } | { ok: false; error: unknown }
  const pending: Promise<Settled>[] = []
  const next = async (): Promise<void> => {
    const settled = await (pending.shift() as Promise<Settled>)
    if (!settled.ok) throw settled.error
    await emit(settled.value)
  }
  for await (const item of items) {
    // Settled at once, so that a later failure waits its turn instead of going unhandled.
    pending.push(work(item).then((value) => ({ ok: true as const, value }), (error: unknown) => ({ ok: false as const, error })))
    if (pending.length >= concurrency) await next()
  }
  while (pending.length > 0) await next()
}

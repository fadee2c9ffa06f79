import { dirname, resolve } from 'node:path'
import { UsageError, type CliIo } from './io.js'
import { readInputFile, readJsonFile } from './read-file.js'

/**
 * Read a `--resources <map.json>` map (`{"https://…/status/3": "lists/3.json"}`, paths relative
 * to the map) and every file it names, for a server that hands them out (`ob3 page`).
 * @throws UsageError when the map is not an object of URLs to paths, or a file cannot be read
 * @example `const files = await readResourceFiles('demo-out/resources.json', io) // Map { url => bytes }`
 */
export async function readResourceFiles(mapPath: string, io: CliIo): Promise<Map<string, Uint8Array>> {
  const map = await readJsonFile(mapPath, io)
  if (typeof map !== 'object' || map === null || Array.isArray(map)) throw new UsageError(`${mapPath} must map URLs to file paths`)
  const base = dirname(resolve(io.cwd, mapPath))
  const files = new Map<string, Uint8Array>()
  for (const [url, file] of Object.entries(map)) {
    if (typeof file !== 'string') throw new UsageError(`${mapPath}: the value for ${url} must be a file path`)
    if (!/^https?:\/\//.test(url)) throw new UsageError(`${mapPath}: ${JSON.stringify(url)} is not an http(s) URL`)
    files.set(url, await readInputFile(resolve(base, file), io))
  }
  return files
}

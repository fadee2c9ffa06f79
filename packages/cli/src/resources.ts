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
  const files = new Map<string, Uint8Array>()
  for (const [url, path] of await readResourceMap(mapPath, io)) {
    if (!/^https?:\/\//.test(url)) throw new UsageError(`${mapPath}: ${JSON.stringify(url)} is not an http(s) URL`)
    files.set(url, await readInputFile(path, io))
  }
  return files
}

/**
 * Read a `--resources <map.json>` map: each URL with the absolute path of its file (paths in the
 * map are relative to the map).
 * @throws UsageError when the map is not an object of URLs to paths
 * @example `for (const [url, path] of await readResourceMap('demo-out/resources.json', io)) …`
 */
export async function readResourceMap(mapPath: string, io: CliIo): Promise<[url: string, path: string][]> {
  const map = await readJsonFile(mapPath, io)
  if (typeof map !== 'object' || map === null || Array.isArray(map)) throw new UsageError(`${mapPath} must map URLs to file paths`)
  const base = dirname(resolve(io.cwd, mapPath))
  return Object.entries(map).map(([url, file]) => {
    if (typeof file !== 'string') throw new UsageError(`${mapPath}: the value for ${url} must be a file path`)
    return [url, resolve(base, file)]
  })
}

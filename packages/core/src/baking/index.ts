/**
 * Baking: put an Open Badges 3.0 credential into a PNG or SVG image, and take it out again
 * (OB 3.0 §"Baking"). Extraction only finds and parses the credential; verify it separately.
 *
 * @example
 * ```ts
 * import { bakePng, extractPng } from '@ob3/core'
 * const baked = await bakePng({ image: png, credential: vcJwt })
 * const { jwt } = (await extractPng(baked)) as { format: 'jwt'; jwt: string }
 * ```
 * @packageDocumentation
 */
export { bakePng, type BakePngOptions } from './bake-png.js'
export { extractPng, type ExtractPngOptions } from './extract-png.js'
export { bakeSvg, type BakeSvgOptions } from './bake-svg.js'
export { extractSvg, OB3_SVG_NAMESPACE, type ExtractSvgOptions } from './extract-svg.js'
export { DEFAULT_MAX_BAKED_INPUT_BYTES, type BakedCredential } from './types.js'
export { PNG_SIGNATURE, parsePngChunks, serializePngChunks, type PngChunk } from './png-chunks.js'

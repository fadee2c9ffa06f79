import { Ob3Error } from '../errors.js'
import { OB3_SVG_NAMESPACE, decodeSvgInput, scanSvg } from './extract-svg.js'
import { credentialToText } from './types.js'

/** Options for {@link bakeSvg}. */
export interface BakeSvgOptions {
  /** The SVG to bake into, as text or UTF-8 bytes. */
  image: string | Uint8Array
  /**
   * A compact JWS (VC-JWT), baked into the `verify` attribute, or a credential object with an
   * embedded proof, baked as `JSON.stringify(credential)` inside a CDATA section.
   */
  credential: string | object
  /** Replace a credential already baked into the image instead of failing. Default `false`. */
  overwrite?: boolean
}

const PREFIX = 'openbadges'

/**
 * Wrap text in CDATA sections. `]]>` cannot appear inside one, so each occurrence is split across
 * two sections: `]]` ends the first, `>` starts the next.
 */
function cdata(text: string): string {
  return '<![CDATA[' + text.split(']]>').join(']]]]><![CDATA[>') + ']]>'
}

/**
 * Bake an Open Badges 3.0 credential into an SVG (OB 3.0 §"Baking", SVG): declare
 * `xmlns:openbadges="https://purl.imsglobal.org/ob/v3p0"` on the root `<svg>` (unless it is already
 * there) and put one `<openbadges:credential>` element directly after the root start tag. A VC-JWT
 * goes in its `verify` attribute with an empty body; a JSON credential goes in its body, in CDATA.
 * The rest of the document is left byte for byte as it was.
 *
 * The SVG goes through the same checks as {@link extractSvg} (no DTD internal subset or entity
 * declarations, well-formed tags), so whatever this returns can be read back.
 *
 * @throws Ob3Error `ERR_OB3_SVG_ALREADY_BAKED` when the SVG already holds a credential element and
 *   `overwrite` is not set; `ERR_OB3_SVG_INVALID` / `ERR_OB3_SVG_FORBIDDEN_DTD` for an SVG that
 *   cannot be read safely, or whose root binds the `openbadges` prefix to another namespace.
 * @throws TypeError for a missing image or a credential that is neither a compact JWS nor an object.
 * @example
 * ```ts
 * const svg = await bakeSvg({ image: '<svg xmlns="http://www.w3.org/2000/svg"></svg>', credential: vcJwt })
 * // <svg xmlns="http://www.w3.org/2000/svg" xmlns:openbadges="https://purl.imsglobal.org/ob/v3p0"><openbadges:credential verify="eyJ…"></openbadges:credential></svg>
 * ```
 */
export async function bakeSvg(options: BakeSvgOptions): Promise<string> {
  if (options === null || typeof options !== 'object') throw new TypeError('bakeSvg: options must be an object')
  const { image, credential, overwrite = false } = options
  const { format, text } = credentialToText(credential, 'bakeSvg')
  const svg = decodeSvgInput(image, 'bakeSvg', Number.POSITIVE_INFINITY)
  const { root, credentials } = scanSvg(svg)

  if (credentials.length > 0 && !overwrite) {
    throw new Ob3Error('ERR_OB3_SVG_ALREADY_BAKED', 'the SVG already holds a credential element; pass overwrite: true to replace it', {
      details: { found: credentials.length },
    })
  }
  const bound = root.namespaces.get(PREFIX)
  if (bound !== undefined && bound !== OB3_SVG_NAMESPACE) {
    throw new Ob3Error('ERR_OB3_SVG_INVALID', `the root element binds the ${PREFIX} prefix to ${bound}, not ${OB3_SVG_NAMESPACE}`)
  }
  const declaration = bound === undefined ? ` xmlns:${PREFIX}="${OB3_SVG_NAMESPACE}"` : ''

  const element =
    format === 'jwt'
      ? // a compact JWS is base64url and dots: nothing to escape in an attribute value
        `<${PREFIX}:credential verify="${text}"></${PREFIX}:credential>`
      : // JSON.stringify escapes every character XML forbids except U+FFFE and U+FFFF, which can
        // only occur inside JSON strings, where a \u escape means the same.
        `<${PREFIX}:credential>${cdata(text.replace(/\uFFFE/g, '\\ufffe').replace(/\uFFFF/g, '\\uffff'))}</${PREFIX}:credential>`

  if (root.selfClosing) {
    // <svg …/> becomes <svg …>credential</svg>; a self-closed root holds no credential to remove.
    const slash = svg.lastIndexOf('/', root.end - 1)
    return svg.slice(0, root.nameEnd) + declaration + svg.slice(root.nameEnd, slash) + '>' + element + `</${root.name}>` + svg.slice(root.end)
  }
  let out = svg.slice(0, root.nameEnd) + declaration + svg.slice(root.nameEnd, root.end) + element
  let last = root.end
  for (const old of credentials) {
    out += svg.slice(last, old.start)
    last = old.end
  }
  return out + svg.slice(last)
}

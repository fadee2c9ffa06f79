// Internal: the generic part of the validator. A class is described by a ClassSpec (its `type`
// requirement and a table of fields); checkObject applies it to one object and queues the nested
// objects on the Walker. Class-specific rules live in the specs' `extra` hooks.
import {
  describe, isCompactJws, isDate, isExtensionTerm, isLanguageCode, isMediaType, isMultibase, isSri, isUri,
  parseDateTime,
} from './formats.js'
import { type ClassName, type Task, type Walker, MAX_ENDORSEMENT_DEPTH, at, hasOwn, isObject, pointer } from './walk.js'

/** What a single value of a field must be. */
export type ValueKind =
  | 'string' | 'uri' | 'datetimez' | 'datetime' | 'date' | 'number' | 'boolean' | 'language' | 'jws'
  | 'multibase' | 'sri' | 'media-type' | 'image' | 'profile-ref' | 'object'
  | { cls: ClassName }

export interface FieldSpec {
  kind: ValueKind
  /**
   * A set (0..* in the spec). `'array'`: must be an array (the 2024-07-30 schema accepts nothing
   * else); `'compact'`: an array or, in JSON-LD compacted form, a single value.
   */
  set?: 'array' | 'compact'
  /**
   * A single value in OB 3.0 that VC 2.0 lets be several (credentialStatus: a revocation and a
   * suspension entry): several are a warning, each checked, rather than an error.
   */
  severalWarn?: boolean
  required?: boolean
  /** Allowed string values. */
  vocab?: readonly string[]
  /** Name of the vocabulary, for messages. */
  vocabName?: string
  /** The vocabulary is extensible with `ext:` terms. */
  ext?: boolean
}

export interface ClassSpec {
  /** Class name for messages. */
  label: string
  /** `type` is a set that must contain each entry (a string, or one of a list). */
  types?: readonly (string | readonly string[])[]
  /** `type` is this single string (closed classes). */
  typeConst?: string
  fields: Readonly<Record<string, FieldSpec>>
  /** No properties other than `type` and `fields` (schema `additionalProperties: false`). */
  closed?: boolean
  /** Class-specific rules, run before the `type` and field checks. */
  before?: (task: Task, w: Walker) => void
  /** Class-specific rules, run after the field table. */
  extra?: (task: Task, w: Walker) => void
}

/** Check one object against its class spec, queueing nested objects. */
export function checkObject(spec: ClassSpec, task: Task, w: Walker): void {
  const { value: obj, path } = task
  spec.before?.(task, w)
  if (spec.types !== undefined) checkTypeSet(spec.label, spec.types, obj, path, w)
  else if (spec.typeConst !== undefined) checkTypeConst(spec.label, spec.typeConst, obj, path, w)
  checkFields(spec.label, spec.fields, task, w)
  if (spec.closed === true) {
    for (const key of Object.keys(obj)) {
      if (key !== 'type' && !hasOwn(spec.fields, key)) {
        w.report('additional-property', pointer(path, key), `${spec.label} at ${at(path)} does not allow the property "${key}".`)
      }
    }
  }
  spec.extra?.(task, w)
}

/** Check an object's fields against a field table: presence of the required ones, then each present one. */
export function checkFields(label: string, fields: Readonly<Record<string, FieldSpec>>, task: Task, w: Walker): void {
  const { value: obj, path } = task
  for (const name of Object.keys(fields)) {
    const field = fields[name] as FieldSpec
    if (!hasOwn(obj, name)) {
      if (field.required === true) w.report('required', pointer(path, name), `${label} at ${at(path)} is missing the required property "${name}".`)
      continue
    }
    checkField(label, name, field, obj[name], pointer(path, name), task.depth, w)
  }
}

/** Check a present field: null, set shape, then each value. */
export function checkField(label: string, name: string, field: FieldSpec, value: unknown, path: string, depth: number, w: Walker): void {
  if (field.set !== undefined && Array.isArray(value)) {
    if (value.length === 0) {
      // The spec's plain-JSON rule says empty arrays MUST be omitted, but an empty set means the
      // same as no set and the official schema accepts it (no minItems), so this is a warning.
      w.report('empty-array', path, `"${name}" on ${label} is an empty array; omit the property instead.`, 'warning')
      return
    }
    for (let i = 0; i < value.length; i++) checkValue(label, name, field, value[i], pointer(path, i), depth, w)
    return
  }
  if (field.set === 'array' && value !== null) {
    w.report('not-array', path, `"${name}" on ${label} must be an array (a set); got ${describe(value)}.`)
  } else if (field.set === undefined && Array.isArray(value)) {
    if (field.severalWarn === true && value.length > 0) {
      w.report('several-values', path, `"${name}" on ${label} has ${value.length} entries: VC 2.0 allows several, OB 3.0 expects one.`, 'warning')
      for (let i = 0; i < value.length; i++) checkValue(label, name, field, value[i], pointer(path, i), depth, w)
      return
    }
    w.report('single-value', path, `"${name}" on ${label} takes a single value, not an array.`)
    return
  }
  checkValue(label, name, field, value, path, depth, w)
}

/** Check one value (a whole single-valued field, or one item of a set). */
function checkValue(label: string, name: string, field: FieldSpec, value: unknown, path: string, depth: number, w: Walker): void {
  if (value === null) {
    w.report('unexpected-null', path, `${where(label, name, path)} is null; omit the property instead of setting it to null.`)
    return
  }
  const kind = field.kind
  if (typeof kind === 'object') {
    visitClass(kind.cls, value, path, depth, label, name, w)
    return
  }
  switch (kind) {
    case 'image':
      if (typeof value === 'string') {
        w.report('image-object', path, `${where(label, name, path)} is a bare URL string; the schema requires an Image object {id, type: "Image"}.`, 'warning')
        if (!isUri(value)) w.report('format-uri', path, `${where(label, name, path)} must be a URI; got ${describe(value)}.`)
      } else visitClass('Image', value, path, depth, label, name, w)
      return
    case 'profile-ref':
      if (typeof value === 'string') {
        if (!isUri(value)) w.report('format-uri', path, `${where(label, name, path)} must be a URI or a Profile object; got ${describe(value)}.`)
      } else visitClass('Profile', value, path, depth, label, name, w)
      return
    case 'object':
      if (!isObject(value)) w.report('not-object', path, `${where(label, name, path)} must be an object; got ${describe(value)}.`)
      return
    case 'number':
      if (typeof value !== 'number' || !Number.isFinite(value)) w.report('not-number', path, `${where(label, name, path)} must be a number; got ${describe(value)}.`)
      return
    case 'boolean':
      if (typeof value !== 'boolean') w.report('not-boolean', path, `${where(label, name, path)} must be true or false; got ${describe(value)}.`)
      return
  }
  if (typeof value !== 'string') {
    w.report('not-string', path, `${where(label, name, path)} must be a string; got ${describe(value)}.`)
    return
  }
  checkStringFormat(kind, value, label, name, path, w)
  if (field.vocab !== undefined && !field.vocab.includes(value) && !(field.ext === true && isExtensionTerm(value))) {
    const allowed = field.ext === true ? `a ${field.vocabName ?? 'vocabulary'} value or an "ext:" term` : `one of ${field.vocab.join(', ')}`
    w.report('enum', path, `${where(label, name, path)} must be ${allowed}; got ${describe(value)}.`)
  }
}

function checkStringFormat(kind: ValueKind, value: string, label: string, name: string, path: string, w: Walker): void {
  switch (kind) {
    case 'uri':
      if (!isUri(value)) w.report('format-uri', path, `${where(label, name, path)} must be an absolute URI; got ${describe(value)}.`)
      return
    case 'datetimez': {
      const parsed = parseDateTime(value)
      if (parsed === 'local') w.report('format-datetime', path, `${where(label, name, path)} has no timezone; a DateTimeZ needs "Z" or an offset such as "+02:00".`)
      else if (parsed === 'invalid') w.report('format-datetime', path, `${where(label, name, path)} must be a date-time like 2024-01-01T00:00:00Z; got ${describe(value)}.`)
      return
    }
    case 'datetime': {
      const parsed = parseDateTime(value)
      if (parsed === 'local') {
        // The spec's DateTime type allows a missing timezone; the official schema (format date-time) does not.
        w.report('format-datetime', path, `${where(label, name, path)} has no timezone; the official schema requires one ("Z" or an offset).`, 'warning')
      } else if (parsed === 'invalid') w.report('format-datetime', path, `${where(label, name, path)} must be a date-time like 2024-01-01T00:00:00Z; got ${describe(value)}.`)
      return
    }
    case 'date':
      if (!isDate(value)) w.report('format-date', path, `${where(label, name, path)} must be a date like 2000-01-31; got ${describe(value)}.`)
      return
    case 'language':
      if (!isLanguageCode(value)) w.report('format-language', path, `${where(label, name, path)} must be a language code like "en" or "en-US"; got ${describe(value)}.`)
      return
    case 'jws':
      if (!isCompactJws(value)) w.report('format-jws', path, `${where(label, name, path)} must be a compact JWS (three base64url parts); got ${describe(value)}.`)
      return
    case 'multibase':
      if (!isMultibase(value)) w.report('format-multibase', path, `${where(label, name, path)} must be a multibase string such as "uEi..." or "z..."; got ${describe(value)}.`)
      return
    case 'sri':
      if (!isSri(value)) w.report('format-sri', path, `${where(label, name, path)} must be a Subresource Integrity digest like "sha384-..."; got ${describe(value)}.`)
      return
    case 'media-type':
      if (!isMediaType(value)) w.report('format-media-type', path, `${where(label, name, path)} must be a media type like "image/png"; got ${describe(value)}.`)
      return
  }
}

/** Where a value is, for messages (built only when there is something to say). */
function where(label: string, name: string, path: string): string {
  return `"${name}" on ${label} (at ${path})`
}

function visitClass(cls: ClassName, value: unknown, path: string, depth: number, label: string, name: string, w: Walker): void {
  if (!isObject(value)) {
    const what = cls === 'Profile' ? 'a URI or a Profile object' : `a ${cls} object`
    w.report('not-object', path, `${where(label, name, path)} must be ${what}; got ${describe(value)}.`)
    return
  }
  const d = cls === 'EndorsementCredential' ? depth + 1 : depth
  if (d > MAX_ENDORSEMENT_DEPTH) {
    w.report('max-depth', path, `Endorsements nest deeper than ${MAX_ENDORSEMENT_DEPTH} levels at ${path}; this one was not validated.`)
    return
  }
  w.visit(cls, value, path, d)
}

/** `type` as a set (a single string is the compacted form) that must contain each requirement. */
export function checkTypeSet(label: string, required: readonly (string | readonly string[])[], obj: Record<string, unknown>, path: string, w: Walker): void {
  const p = pointer(path, 'type')
  if (!hasOwn(obj, 'type')) {
    w.report('required', p, `${label} at ${at(path)} is missing the required property "type".`)
    return
  }
  const value = obj['type']
  const found = new Set<string>()
  if (typeof value === 'string') found.add(value)
  else if (Array.isArray(value)) {
    if (value.length === 0) {
      w.report('empty-array', p, `"type" on ${label} (at ${p}) is an empty array; it must name the class.`)
      return
    }
    for (let i = 0; i < value.length; i++) {
      const item: unknown = value[i]
      if (typeof item === 'string') found.add(item)
      else w.report('not-string', pointer(p, i), `"type" entries on ${label} must be strings; got ${describe(item)} at ${pointer(p, i)}.`)
    }
  } else {
    const rule = value === null ? 'unexpected-null' : 'not-array'
    w.report(rule, p, `"type" on ${label} (at ${p}) must be an array of type names; got ${describe(value)}.`)
    return
  }
  for (const req of required) {
    const options = typeof req === 'string' ? [req] : req
    if (!options.some((o) => found.has(o))) {
      w.report('type-missing', p, `"type" on ${label} (at ${p}) must contain ${options.map((o) => `"${o}"`).join(' or ')}.`)
    }
  }
}

/** `type` as one fixed string (IdentityObject, IdentifierEntry, Image, GeoCoordinates). */
function checkTypeConst(label: string, expected: string, obj: Record<string, unknown>, path: string, w: Walker): void {
  const p = pointer(path, 'type')
  if (!hasOwn(obj, 'type')) {
    w.report('required', p, `${label} at ${at(path)} is missing the required property "type".`)
    return
  }
  const value = obj['type']
  if (value === expected) return
  if (Array.isArray(value)) w.report('single-value', p, `"type" on ${label} (at ${p}) must be the single string "${expected}", not an array.`)
  else if (value === null) w.report('unexpected-null', p, `"type" on ${label} (at ${p}) is null; it must be "${expected}".`)
  else if (typeof value !== 'string') w.report('not-string', p, `"type" on ${label} (at ${p}) must be the string "${expected}"; got ${describe(value)}.`)
  else w.report('enum', p, `"type" on ${label} (at ${p}) must be "${expected}"; got ${describe(value)}.`)
}

// Field constructors for the class tables.
/** A required single value. */
export const req = (kind: ValueKind): FieldSpec => ({ kind, required: true })
/** An optional single value. */
export const opt = (kind: ValueKind): FieldSpec => ({ kind })
/** An optional set that must be an array. */
export const many = (kind: ValueKind): FieldSpec => ({ kind, set: 'array' })
/** An optional set that may be a single value (JSON-LD compacted form). */
export const compact = (kind: ValueKind): FieldSpec => ({ kind, set: 'compact' })
/** A nested class. */
export const cls = (name: ClassName): ValueKind => ({ cls: name })
/** A string from a vocabulary, optionally extensible with `ext:` terms. */
export const vocab = (vocabName: string, values: readonly string[], ext: boolean, required = false): FieldSpec =>
  ({ kind: 'string', vocab: values, vocabName, ext, required })

/**
 * Work done by synchronous string-scanning code, counted instead of timed: every character a
 * String method or a RegExp test/exec examines or copies is one unit. While `run` runs (it must be
 * synchronous, so that nothing else runs meanwhile), String.prototype.{charCodeAt, codePointAt,
 * indexOf, lastIndexOf, includes, startsWith, endsWith, slice, substring} and
 * RegExp.prototype.{test, exec} count; they are restored before this returns.
 *
 * A scan that is linear in its input does work proportional to the input's length; one that
 * re-scans does quadratically more — which a count shows on any machine, however busy.
 *
 * @example `const { work } = countStringWork(() => scanSvg(text))`
 */
export function countStringWork<T>(run: () => T): { work: number; result?: T; error?: unknown } {
  const proto = String.prototype as unknown as Record<string, (...args: unknown[]) => unknown>
  const regexp = RegExp.prototype as unknown as Record<string, (...args: unknown[]) => unknown>
  const names = ['charCodeAt', 'codePointAt', 'indexOf', 'lastIndexOf', 'includes', 'startsWith', 'endsWith', 'slice', 'substring'] as const
  const saved = new Map(names.map((name) => [name, proto[name] as (...args: unknown[]) => unknown]))
  const savedTest = regexp.test as (...args: unknown[]) => unknown
  const savedExec = regexp.exec as (...args: unknown[]) => unknown
  let work = 0
  const len = (v: unknown) => (typeof v === 'string' ? v.length : String(v).length)
  for (const name of names) {
    const original = saved.get(name) as (...args: unknown[]) => unknown
    proto[name] = function (this: string, ...args: unknown[]) {
      const result = original.apply(this, args)
      switch (name) {
        case 'charCodeAt':
        case 'codePointAt':
          work += 1
          break
        case 'indexOf': {
          const from = Math.max(0, Number(args[1] ?? 0) || 0)
          work += 1 + ((result as number) === -1 ? Math.max(0, this.length - from) : (result as number) - from + len(args[0]))
          break
        }
        case 'slice':
        case 'substring':
          work += 1 + len(result)
          break
        case 'startsWith':
        case 'endsWith':
          work += 1 + len(args[0])
          break
        default: // lastIndexOf, includes: the whole string at worst
          work += 1 + this.length
      }
      return result
    }
  }
  regexp.test = function (this: RegExp, input: unknown) {
    work += 1 + len(input)
    return savedTest.call(this, input)
  }
  regexp.exec = function (this: RegExp, input: unknown) {
    work += 1 + len(input)
    return savedExec.call(this, input)
  }
  try {
    const result = run()
    return { work, result }
  } catch (error) {
    return { work, error }
  } finally {
    for (const name of names) proto[name] = saved.get(name) as (...args: unknown[]) => unknown
    regexp.test = savedTest
    regexp.exec = savedExec
  }
}

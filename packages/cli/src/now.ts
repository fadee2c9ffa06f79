import { UsageError } from './io.js'

/** Parse `--now`. */
export function parseNow(value: string): Date {
  const date = new Date(value)
  if (!/^\d{4}-\d{2}-\d{2}(T.*)?$/.test(value) || Number.isNaN(date.getTime())) throw new UsageError(`--now must be an ISO date-time, not ${JSON.stringify(value)}`)
  return date
}

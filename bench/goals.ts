// The goals `pnpm bench` checks, as each part of it measured them: a part records a figure with
// `recordGoal`, and bench/all.ts prints them together at the end, met or not, with the
// conditions each was measured under. Without OB3_BENCH_GOALS (a part run alone) nothing is kept.
import { appendFileSync, existsSync, readFileSync } from 'node:fs'
import { loadavg } from 'node:os'

/** One goal as measured. */
export interface GoalFigure {
  /** What was measured, e.g. "verify, full report, 3.2 KB: CPU ratio to digitalbazaar". */
  figure: string
  /** The goal, as the issue states it, e.g. "≥ 10×". */
  goal: string
  /** The measured value, formatted, e.g. "13.6×". */
  measured: string
  /** Whether the measured value meets the goal. */
  met: boolean
  /** The part of the bench that measured it. */
  part: string
  /** The 1-minute load average when it was recorded (filled in by `recordGoal`). */
  load?: number
}

/** Keep one measured goal for the summary (a line of JSON in the file OB3_BENCH_GOALS names). */
export function recordGoal(figure: GoalFigure): void {
  const file = process.env.OB3_BENCH_GOALS
  if (file === undefined || file === '') return
  appendFileSync(file, `${JSON.stringify({ ...figure, load: loadavg()[0] })}\n`)
}

/** The goals kept in `file`, in the order they were measured. */
export function readGoals(file: string): GoalFigure[] {
  if (!existsSync(file)) return []
  return readFileSync(file, 'utf8').split('\n').filter((l) => l.trim() !== '').map((l) => JSON.parse(l) as GoalFigure)
}

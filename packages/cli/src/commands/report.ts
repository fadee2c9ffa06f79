import { mkdir, writeFile } from 'node:fs/promises'
import { join, resolve } from 'node:path'
import { parseArgs } from 'node:util'
import { importSigningKey } from '@ob3/core'
import {
  PROGRAMME_REPORT_TABLES, buildProgrammeReport, describeFromCatalogue, loadCatalogue, programmeReportCsv, programmeReportHtml,
  type ProgrammeReportTable,
} from '@ob3/issuer'
import { openStore } from '@ob3/issuer/node'
import { UsageError, type CliIo } from '../io.js'
import { dbLocation } from '../issuer-context.js'
import { readInputFile, readJsonFile } from '../read-file.js'
import { parseNow } from '../now.js'

export const REPORT_HELP = `ob3 report --db <issuer.db | postgres://…> (--key <key.json> | --issuer <id>)
           [--catalogue <catalogue.yaml>] [--format json|csv|html] [--table <table>]
           [--out-dir <dir>] [--title <text>] [--now <ISO datetime>]

The programme report of an issuer, from its database: awards per micro-credential and category,
submissions, returns and resubmissions, pass rates (scored assessments that met the award
rule), median days from submission to award, and clock hours per educator, school and cohort
(school and cohort from the roster columns of ob3 issue --batch and from submissions). The
issuer is the controller of --key, or --issuer. --catalogue names micro-credentials and their
categories (without it, names come from the credentials and categories are "Uncategorised").

Educators appear as "Educator n", numbered for this report only; no name, e-mail address, DID,
submission or assessor appears in it (assessors are counted, never named).

Prints JSON (default), one CSV table (--format csv, --table ${PROGRAMME_REPORT_TABLES.join('|')},
default micro-credentials) or one self-contained HTML page with SVG charts (--format html).
--out-dir writes them all: report.json, report.html and <table>.csv for each table.`

/** `ob3 report`. */
export async function reportCommand(args: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: {
      db: { type: 'string' }, key: { type: 'string' }, issuer: { type: 'string' }, catalogue: { type: 'string' }, format: { type: 'string' },
      table: { type: 'string' }, 'out-dir': { type: 'string' }, title: { type: 'string' }, now: { type: 'string' },
    },
  })
  if (positionals.length > 0) throw new UsageError(`ob3 report takes no inputs\n\n${REPORT_HELP}`)
  if (values.db === undefined) throw new UsageError(`--db is required: the issuer database to report on\n\n${REPORT_HELP}`)
  const format = values.format ?? 'json'
  if (!['json', 'csv', 'html'].includes(format)) throw new UsageError('--format must be json, csv or html')
  const table = (values.table ?? 'micro-credentials') as ProgrammeReportTable
  if (!PROGRAMME_REPORT_TABLES.includes(table)) throw new UsageError(`--table must be one of ${PROGRAMME_REPORT_TABLES.join(', ')}`)
  if (values.table !== undefined && format !== 'csv') throw new UsageError('--table goes with --format csv')
  let issuerId = values.issuer
  if (values.key !== undefined) {
    if (issuerId !== undefined) throw new UsageError('give --key or --issuer, not both')
    const { key } = await importSigningKey(await readJsonFile(values.key, io)).catch((err: unknown) => {
      throw new UsageError(`${values.key} is not a usable key: ${(err as Error).message}`)
    })
    issuerId = key.controller
  }
  if (issuerId === undefined) throw new UsageError('--key <key.json> or --issuer <id> is required: whose programme to report on')
  let describe
  if (values.catalogue !== undefined) {
    try {
      describe = describeFromCatalogue(loadCatalogue(new TextDecoder().decode(await readInputFile(values.catalogue, io))))
    } catch (err) {
      if (err instanceof UsageError) throw err
      throw new UsageError(`cannot use the catalogue ${values.catalogue}: ${(err as Error).message}`)
    }
  }
  const now = values.now === undefined ? new Date() : parseNow(values.now)
  const store = await openStore(dbLocation(values.db, io))
  let report
  try {
    report = await buildProgrammeReport({ store, issuerId, now, ...(describe === undefined ? {} : { describe }) })
  } finally {
    await store.close()
  }
  const html = () => programmeReportHtml(report, { ...(values.title === undefined ? {} : { title: values.title }), subtitle: issuerId as string })
  if (values['out-dir'] !== undefined) {
    const dir = resolve(io.cwd, values['out-dir'])
    await mkdir(dir, { recursive: true })
    await writeFile(join(dir, 'report.json'), `${JSON.stringify(report, null, 2)}\n`)
    await writeFile(join(dir, 'report.html'), html())
    for (const t of PROGRAMME_REPORT_TABLES) await writeFile(join(dir, `${t}.csv`), programmeReportCsv(report, t))
    io.stderr(`wrote report.json, report.html and ${PROGRAMME_REPORT_TABLES.length} CSV tables to ${values['out-dir']}\n`)
    return 0
  }
  io.stdout(format === 'json' ? `${JSON.stringify(report, null, 2)}\n` : format === 'csv' ? programmeReportCsv(report, table) : html())
  return 0
}

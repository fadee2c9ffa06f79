import type { Hono } from 'hono'
import { PROGRAMME_REPORT_TABLES, buildProgrammeReport, programmeReportCsv, programmeReportHtml, type AchievementDescription, type ProgrammeReportTable } from '@ob3/issuer'
import type { ServerContext, ServerEnv } from '../lib/context.js'
import { refuse } from '../lib/errors.js'
import { requireTenant } from '../lib/middleware.js'

/** Options of the report route (`createServer({ reports })`). */
export interface ReportServiceOptions {
  /** Names and categories of a tenant's micro-credentials (e.g. from the catalogue `ob3 serve --catalogue` loads). */
  describe?: (tenantId: string, achievementId: string) => AchievementDescription | undefined
}

/**
 * `GET /reports?format=json|csv|html&table=…` — the tenant's programme report (see
 * `buildProgrammeReport` of `@ob3/issuer`), with its API key or an access token granted
 * `read:credentials`: JSON by default, one CSV table (`format=csv`, `table=` one of
 * `PROGRAMME_REPORT_TABLES`, default `micro-credentials`) or one self-contained HTML page.
 * Educators are numbered for the report only and assessors are counted, never named.
 */
export function reportRoutes(app: Hono<ServerEnv>, ctx: ServerContext, options: ReportServiceOptions = {}): void {
  app.get('/reports', requireTenant(ctx, 'read:credentials'), async (c) => {
    const format = c.req.query('format') ?? 'json'
    if (format !== 'json' && format !== 'csv' && format !== 'html') refuse('ERR_OB3_SERVER_REQUEST_INVALID', 'format must be json, csv or html')
    const table = (c.req.query('table') ?? 'micro-credentials') as ProgrammeReportTable
    if (!PROGRAMME_REPORT_TABLES.includes(table)) refuse('ERR_OB3_SERVER_REQUEST_INVALID', `table must be one of ${PROGRAMME_REPORT_TABLES.join(', ')}`)
    const tenant = c.get('tenant')
    const describe = options.describe
    const report = await buildProgrammeReport({
      store: ctx.issuerStore,
      issuerId: tenant.record.issuerId,
      now: ctx.now(),
      ...(describe === undefined ? {} : { describe: (id: string) => describe(tenant.record.id, id) }),
    })
    c.header('cache-control', 'no-store')
    if (format === 'csv') {
      c.header('content-disposition', `attachment; filename="${table}.csv"`)
      return c.body(programmeReportCsv(report, table), 200, { 'content-type': 'text/csv; charset=utf-8' })
    }
    if (format === 'html') {
      // The page loads nothing: a policy that forbids every fetch costs it nothing.
      c.header('content-security-policy', "default-src 'none'; style-src 'unsafe-inline'; img-src data:")
      return c.html(programmeReportHtml(report, { subtitle: ctx.tenants.info(tenant).name }))
    }
    return c.json(report)
  })
}

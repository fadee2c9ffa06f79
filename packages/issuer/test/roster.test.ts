// The roster is read line by line: a broken row is reported by line and code, and never costs
// the rows around it.
import { describe, expect, it } from 'vitest'
import { parseRoster } from '../src/index.js'

const lines = (rows: string[]) => rows.join('\n')

describe('parseRoster', () => {
  it('reads good rows after an unterminated quote, and reports the quote by line', () => {
    const { rows, problems } = parseRoster(lines([
      'recipient_email,name,school',
      'a.adams@lakeside.example,Ana Adams,North Elementary',
      'b.baker@lakeside.example,"Ben Baker,North Elementary',
      'c.chen@lakeside.example,"Chen, Cy",South Middle',
      'd.diaz@lakeside.example,D"x"y,South Middle',
      'e.evans@lakeside.example,"Eve" Evans,South Middle',
    ]))
    expect(rows.map((r) => r.line)).toEqual([2, 4])
    expect(rows[1]).toEqual({ line: 4, recipient: { email: 'c.chen@lakeside.example' }, name: 'Chen, Cy', school: 'South Middle' })
    expect(problems.map((p) => [p.line, p.code])).toEqual([[3, 'ERR_OB3_ROSTER_QUOTE'], [5, 'ERR_OB3_ROSTER_QUOTE'], [6, 'ERR_OB3_ROSTER_QUOTE']])
    expect(problems[0]?.message).toContain('a quote is not closed')
  })

  it('reports a missing or extra column, a bad e-mail, a missing recipient and bad values with their own codes', () => {
    const { rows, problems } = parseRoster(lines([
      'recipient_email,recipient_id,credits_earned,valid_until,cohort',
      'a.adams@lakeside.example,,10,,2026-A',
      'b.baker@lakeside.example,,10',
      'c.chen@lakeside.example,,10,,2026-A,extra',
      'not-an-email,,10,,2026-A',
      ',,10,,2026-A',
      ',urn:bad id,10,,',
      'd.diaz@lakeside.example,,-1,,',
      'e.evans@lakeside.example,,1,2027-01-01,',
      ',did:example:fay,12,2029-06-30T00:00:00Z,2026-B',
    ]))
    expect(problems.map((p) => [p.line, p.code])).toEqual([
      [3, 'ERR_OB3_ROSTER_COLUMNS'], [4, 'ERR_OB3_ROSTER_COLUMNS'], [5, 'ERR_OB3_ROSTER_EMAIL'], [6, 'ERR_OB3_ROSTER_RECIPIENT'],
      [7, 'ERR_OB3_ROSTER_RECIPIENT'], [8, 'ERR_OB3_ROSTER_VALUE'], [9, 'ERR_OB3_ROSTER_VALUE'],
    ])
    expect(problems[0]?.message).toBe('3 fields where the header has 5 (recipient_email, recipient_id, credits_earned, valid_until, cohort)')
    expect(rows).toEqual([
      { line: 2, recipient: { email: 'a.adams@lakeside.example' }, creditsEarned: 10, cohort: '2026-A' },
      { line: 10, recipient: { id: 'did:example:fay' }, creditsEarned: 12, validUntil: '2029-06-30T00:00:00Z', cohort: '2026-B' },
    ])
  })

  it('counts lines as the file has them: CRLF, a byte order mark and empty lines', () => {
    const { rows, problems } = parseRoster('\uFEFFrecipient_email\r\n\r\na.adams@lakeside.example\r\nbad\r\n\r\nb.baker@lakeside.example\r\n')
    expect(rows.map((r) => r.line)).toEqual([3, 6])
    expect(problems).toEqual([{ line: 4, code: 'ERR_OB3_ROSTER_EMAIL', message: 'recipient_email "bad" is not an email address' }])
  })

  it('reports header problems on the header line', () => {
    expect(parseRoster('email,name\nx@y.example,X\n').problems.map((p) => p.code)).toEqual(['ERR_OB3_ROSTER_HEADER', 'ERR_OB3_ROSTER_HEADER'])
    expect(parseRoster('"recipient_email\nx@y.example\n').problems).toEqual([{ line: 1, code: 'ERR_OB3_ROSTER_HEADER', message: 'the header cannot be read: a quote is not closed' }])
    expect(parseRoster('\n\n')).toEqual({ rows: [], problems: [] })
  })
})

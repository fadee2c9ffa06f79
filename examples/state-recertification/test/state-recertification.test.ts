import { describe, expect, it } from 'vitest'
import { scenario } from '../src/scenario.js'
import { totalHours } from '../src/total-hours.js'

describe('the state-recertification example', () => {
  it('counts only endorsed credentials from approved providers, and says why the others are not counted', async () => {
    const { credentials, endorsements, registry } = await scenario()
    const result = await totalHours({ files: credentials, endorsements, registry })
    expect(result.total).toBe(30)
    expect(result.counted.map((c) => [c.input, c.credits, c.endorsedBy.map((e) => e.name)])).toEqual([
      ['mapping-concepts.json', 15, ['Lakeland Department of Education']],
      ['growth-mindset.json', 15, ['Lakeland Department of Education']],
    ])
    expect(result.notCounted.map((c) => [c.input, c.code])).toEqual([
      ['rubric-design.json', expect.stringMatching(/^ERR_OB3_/)],
      ['weekend-workshop.json', 'ERR_OB3_TRUST_UNTRUSTED'],
    ])
  })
})

// A state office totals a teacher's endorsed clock hours for license renewal.
import { scenario } from './scenario.js'
import { totalHours } from './total-hours.js'

const { credentials, endorsements, registry } = await scenario()
const result = await totalHours({ files: credentials, endorsements, registry })
console.log(`${registry.name}: ${result.total} clock hours counted`)
for (const c of result.counted) console.log(`  ✓ ${c.input}: ${c.credits} h — ${c.name ?? ''} (${c.issuerName}; endorsed by ${c.endorsedBy.map((e) => e.name).join(', ')})`)
for (const c of result.notCounted) console.log(`  ✗ ${c.input}: not counted — ${c.reason}`)

/**
 * The network's placement rate with the typed client, overall and by exit year.
 *
 *   TRAJECTOIRES_API_URL=https://trajectoires.example.org pnpm --filter @trajectoires/examples placement
 *
 * TRAJECTOIRES_API_KEY is optional: without it the API answers the public figures, with small
 * numbers hidden (`suppressed`), which this script prints as such.
 */
import { ApiError, createClient, type PlacementCell } from '@trajectoires/client'

const client = createClient({
  baseUrl: process.env.TRAJECTOIRES_API_URL ?? 'http://localhost:3000',
  apiKey: process.env.TRAJECTOIRES_API_KEY || undefined,
})

const percent = (value: number | null) => (value === null ? 'n/a' : `${(value * 100).toFixed(1)} %`)

/** "62.4 % (95% CI 60.3 % – 64.5 %), 1268 of 2032, 472 unknown" or why there is no figure. */
function describe(cell: PlacementCell): string {
  if (cell.suppressed) return `hidden (${cell.suppressionReason}: too few people to publish)`
  if (cell.rate === null) return 'no one to count yet'
  const interval = cell.ci95 ? ` (95% CI ${percent(cell.ci95.low)} – ${percent(cell.ci95.high)})` : ''
  return `${percent(cell.rate)}${interval}, ${cell.numerator} of ${cell.denominator}, ${cell.unknown} unknown`
}

try {
  const network = await client.getPlacement({ groupBy: 'exitYear' })
  const metric = (await client.getMetric(network.metric.id, { version: network.metric.version })).name.en
  console.log(
    `${metric} (${network.metric.id} v${network.metric.version}), ${network.basis}, checkpoint ${network.checkpoint}`,
  )
  console.log(`Network: ${describe(network.total)}`)
  if (network.total.target !== null) console.log(`Target: ${percent(network.total.target)}`)
  for (const group of network.groups) console.log(`  exited in ${group.key.exitYear}: ${describe(group)}`)
} catch (err) {
  // Problem details (RFC 9457): branch on `code`, show `detail`.
  if (err instanceof ApiError) console.error(`Trajectoires API error (${err.status} ${err.code}): ${err.detail}`)
  else console.error(err)
  process.exitCode = 1
}

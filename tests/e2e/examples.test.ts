import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createClient, type TrajectoiresClient } from '@trajectoires/client'
import type { PlacementCell } from '@trajectoires/contract'
import { runCommand } from './support/commands'
import { repoRoot, type RunningApi } from './support/server'
import { apiTargets } from './support/targets'

const examples = join(repoRoot, 'examples')

function run(command: string, args: string[], env: Record<string, string>) {
  return runCommand(command, args, { cwd: examples, env: { ...process.env, TRAJECTOIRES_API_KEY: '', ...env } })
}

/** The rows of the API's French CSV as objects (`;`, decimal comma left as text). */
function csvRows(text: string): Record<string, string>[] {
  const [header, ...lines] = text
    .replace(/^\uFEFF/, '')
    .trim()
    .split(/\r?\n/)
  const columns = header!.split(';')
  return lines.map((line) => Object.fromEntries(line.split(';').map((v, i) => [columns[i], v])))
}

const decimal = (text: string | undefined) => (text ? Number(text.replace(',', '.')) : null)
const percent = (value: number | null) => (value === null ? 'n/a' : `${(value * 100).toFixed(1)} %`)

/** What examples/placement.ts prints for one cell. */
function described(cell: PlacementCell): string {
  if (cell.suppressed) return `hidden (${cell.suppressionReason}: too few people to publish)`
  if (cell.rate === null) return 'no one to count yet'
  return `${percent(cell.rate)} (95% CI ${percent(cell.ci95!.low)} – ${percent(cell.ci95!.high)}), ${cell.numerator} of ${cell.denominator}, ${cell.unknown} unknown`
}

describe.each(apiTargets())(
  'examples/ against the real API on $database',
  ({ start }) => {
    let api: RunningApi
    let client: TrajectoiresClient

    beforeAll(async () => {
      // A shared machine can be slow to start the API (seed, password hash): wait longer than usual.
      api = await start({ timeoutMs: 240_000 })
      client = createClient({ baseUrl: api.url })
    }, 300_000)

    afterAll(async () => {
      await api?.stop()
    })

    it('placement-csv.sh prints the network rate the JSON API gives', async () => {
      const { code, stdout, stderr } = await run('sh', ['placement-csv.sh'], { TRAJECTOIRES_API_URL: api.url })
      expect(code, stderr).toBe(0)
      const rows = csvRows(stdout)
      expect(rows).toHaveLength(1)
      const json = await client.getPlacement()
      expect(rows[0]).toMatchObject({ metric: 'r_positive', scope: 'total', basis: 'entrants', checkpoint: 'm6' })
      expect(decimal(rows[0]!.rate)).toBe(json.total.rate)
      expect(Number(rows[0]!.numerator)).toBe(json.total.numerator)
      expect(Number(rows[0]!.denominator)).toBe(json.total.denominator)
      expect(json.total.rate).toBeGreaterThan(0)
    })

    it('placement-csv.sh passes extra filters and fails loudly on a bad one', async () => {
      const { code, stdout } = await run('sh', ['placement-csv.sh', 'exitYear=2019&groupBy=campus'], {
        TRAJECTOIRES_API_URL: api.url,
      })
      expect(code).toBe(0)
      const rows = csvRows(stdout)
      const json = await client.getPlacement({ exitYear: 2019, groupBy: 'campus' })
      expect(rows).toHaveLength(1 + json.groups.length)
      expect(rows.map((r) => decimal(r.rate))).toEqual([json.total.rate, ...json.groups.map((g) => g.rate)])

      const bad = await run('sh', ['placement-csv.sh', 'exitYear=soon'], { TRAJECTOIRES_API_URL: api.url })
      expect(bad.code).not.toBe(0)
      expect(JSON.parse(bad.stdout)).toMatchObject({ status: 400, code: 'validation_failed' })
    })

    it('placement.ts prints the network rate and each exit year as the API computes them', async () => {
      const { code, stdout, stderr } = await run(process.execPath, ['--import', 'tsx', 'placement.ts'], {
        TRAJECTOIRES_API_URL: api.url,
      })
      expect(code, stderr).toBe(0)
      const json = await client.getPlacement({ groupBy: 'exitYear' })
      const lines = stdout.trim().split('\n')
      const metric = await client.getMetric('r_positive', { version: json.metric.version })
      expect(lines[0]).toBe(`${metric.name.en} (r_positive v${json.metric.version}), entrants, checkpoint m6`)
      expect(lines).toContain(`Network: ${described(json.total)}`)
      expect(lines).toContain(`Target: ${percent(json.total.target)}`)
      expect(json.groups.length).toBeGreaterThan(3)
      for (const group of json.groups) expect(lines).toContain(`  exited in ${group.key.exitYear}: ${described(group)}`)
      expect(json.groups.some((g) => !g.suppressed)).toBe(true)
    })

    it('placement.ts explains an unreachable API and exits 1', async () => {
      const { code, stderr } = await run(process.execPath, ['--import', 'tsx', 'placement.ts'], {
        TRAJECTOIRES_API_URL: 'http://127.0.0.1:9',
      })
      expect(code).toBe(1)
      expect(stderr).toMatch(/Trajectoires API error \(0 network_error\): Could not reach the API/)
    })
  },
  300_000,
)

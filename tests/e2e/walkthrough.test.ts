import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createClient } from '@trajectoires/client'
import { runCommand } from './support/commands'
import { demoAdmin, loginHeaders, repoRoot, type RunningApi } from './support/server'
import { apiTargets } from './support/targets'

interface Block {
  lang: string
  code: string
  /** The paragraph just before the block (it names the file a `text` block is). */
  before: string
}

/** The fenced code blocks of the walk-through section of docs/api.md, in order. */
function walkThrough(): Block[] {
  const guide = readFileSync(join(repoRoot, 'docs/api.md'), 'utf8')
  const start = guide.indexOf('## Walk-through')
  expect(start, 'docs/api.md has a walk-through').toBeGreaterThan(0)
  const end = guide.indexOf('\n## ', start + 1)
  const section = guide.slice(start, end === -1 ? undefined : end)
  const blocks: Block[] = []
  const fence = /```(\w*)\n([\s\S]*?)```/g
  let last = 0
  for (let match = fence.exec(section); match; match = fence.exec(section)) {
    blocks.push({ lang: match[1]!, code: match[2]!, before: section.slice(last, match.index) })
    last = match.index + match[0].length
  }
  return blocks
}

function bash(script: string, cwd: string, env: Record<string, string>) {
  return runCommand('bash', ['-c', script], { cwd, env: { ...process.env, ...env } })
}

describe.each(apiTargets())(
  'the walk-through of docs/api.md, verbatim, on the demo data ($database)',
  ({ start }) => {
    let api: RunningApi
    let work: string

    beforeAll(async () => {
      api = await start({ web: false, timeoutMs: 240_000 })
      work = mkdtempSync(join(tmpdir(), 'trajectoires-walkthrough-'))
    }, 300_000)

    afterAll(async () => {
      await api?.stop()
      if (work) rmSync(work, { recursive: true, force: true })
    })

    it('issues a key for a partner company, dry-runs and imports the example CSV, reads the placement rate', async () => {
      const blocks = walkThrough()
      const shell = blocks.filter((b) => b.lang === 'sh')
      expect(shell.length).toBeGreaterThanOrEqual(5)
      // The guide uses Chelles: the demo generates it first, so its 2019 learners are the same on any
      // day (later campuses' references shift as the recent cohorts before them change).
      // The example spreadsheet is the `text` block that follows the paragraph naming it.
      const sheet = blocks.find((b) => b.lang === 'text' && b.before.includes('`outcomes-chelles.csv`'))
      expect(sheet, 'the example outcomes-chelles.csv').toBeDefined()
      writeFileSync(join(work, 'outcomes-chelles.csv'), sheet!.code)

      // One shell, as a reader pasting the blocks one after the other; a marker between blocks.
      const script = shell.map((b, i) => `echo '@@ block ${i + 1}'\n${b.code}`).join('\n')
      const run = await bash(script, work, {
        API: api.url,
        ADMIN_EMAIL: demoAdmin.email,
        ADMIN_PASSWORD: demoAdmin.password,
      })
      expect(run.code, run.stderr).toBe(0)
      expect(run.stderr).toBe('')
      const outputs = run.stdout.split(/^@@ block \d+\n/m).slice(1)
      expect(outputs).toHaveLength(shell.length)
      const [issue, check, dryRun, load, placement] = outputs

      expect(issue).toBe('')
      const partner = (await createClient({ baseUrl: api.url }).listOrganisations({ q: 'altitude' })).items[0]!
      const chelles = (await createClient({ baseUrl: api.url }).listCampuses({ q: 'chelles' })).items[0]!
      expect(JSON.parse(check!)).toEqual({
        kind: 'api_key',
        organisationId: partner.id,
        scopes: ['outcomes:write', 'stats:read'],
        campusIds: [chelles.id],
      })
      expect(JSON.parse(dryRun!)).toEqual({ rows: 2, validRows: 2, invalidRows: 0, errors: [] })
      expect(JSON.parse(load!)).toMatchObject({ committed: true, written: { observations: 2 } })
      const total = JSON.parse(placement!) as { rate: number; denominator: number; suppressed: boolean }
      expect(total).toMatchObject({ rate: expect.any(Number), suppressed: false })
      expect(total.denominator).toBeGreaterThan(20)

      // What step 5 saved is the API's CSV, and the key did what the guide says, for the partner.
      const csv = readFileSync(join(work, 'placement-chelles.csv'))
      expect(csv.subarray(0, 3)).toEqual(Buffer.from([0xef, 0xbb, 0xbf]))
      expect(csv.toString('utf8')).toMatch(/^\uFEFFmetric;/)
      const admin = createClient({ baseUrl: api.url, headers: await loginHeaders(api.url) })
      const keys = await admin.listApiKeys({ organisationId: partner.id })
      expect(keys.items.map((k) => k.name)).toContain('Altitude Infrastructure : suivi à 6 mois')
    })
  },
  600_000,
)

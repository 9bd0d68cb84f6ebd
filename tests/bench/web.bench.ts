/**
 * `pnpm bench:web`: what the dashboard's first page costs a reader. Starts the API with the built
 * dashboard on a fresh embedded database, opens `/` in headless Chromium several times with an
 * empty cache, and prints the JavaScript and CSS it loaded (gzip, as a browser would download them)
 * and the time to first contentful paint (median and spread). Aim (issue 6): under 150 KB of
 * JavaScript gzip for the first page.
 *
 * Options: `--runs N` (default 7), `--path /campuses` (another page).
 */
import { gzipSync } from 'node:zlib'
import { parseArgs } from 'node:util'
import type { Response } from 'playwright-core'
import { launchBrowser } from '../e2e/support/browser'
import { startApi } from '../e2e/support/server'

const { values } = parseArgs({
  args: process.argv.slice(2).filter((arg) => arg !== '--'),
  options: { runs: { type: 'string', default: '7' }, path: { type: 'string', default: '/' } },
})
const runs = Math.max(1, Number(values.runs))
const path = values.path ?? '/'
const aimKb = 150

const kb = (bytes: number) => (bytes / 1024).toFixed(1)
const median = (xs: number[]) => {
  const sorted = [...xs].sort((a, b) => a - b)
  const mid = Math.floor(sorted.length / 2)
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2
}

interface Asset {
  url: string
  kind: 'js' | 'css'
  raw: number
  gzip: number
}

async function main() {
  const api = await startApi({ timeoutMs: 240_000 })
  const browser = await launchBrowser()
  const paints: number[] = []
  let assets: Asset[] = []
  try {
    for (let run = 0; run < runs; run++) {
      // A new context each time: empty cache, as a first visit.
      const context = await browser.newContext({ baseURL: api.url, locale: 'fr-FR' })
      const page = await context.newPage()
      const seen: Promise<Asset | undefined>[] = []
      page.on('response', (response: Response) => {
        const type = response.request().resourceType()
        if (type !== 'script' && type !== 'stylesheet') return
        seen.push(
          response
            .body()
            .then((body) => ({
              url: new URL(response.url()).pathname,
              kind: type === 'script' ? ('js' as const) : ('css' as const),
              raw: body.length,
              gzip: gzipSync(body, { level: 9 }).length,
            }))
            .catch(() => undefined),
        )
      })
      await page.goto(path, { waitUntil: 'networkidle' })
      const fcp = await page.evaluate(
        () => performance.getEntriesByName('first-contentful-paint')[0]?.startTime ?? Number.NaN,
      )
      paints.push(fcp)
      const loaded = (await Promise.all(seen)).filter((asset): asset is Asset => asset !== undefined)
      if (run === 0) assets = loaded
      await context.close()
    }
  } finally {
    await browser.close()
    await api.stop()
  }

  const total = (kind: Asset['kind'], field: 'raw' | 'gzip') =>
    assets.filter((a) => a.kind === kind).reduce((sum, a) => sum + a[field], 0)
  console.log(`first page ${path}: ${assets.length} files loaded (after the page went network-idle)`)
  for (const asset of [...assets].sort((a, b) => b.gzip - a.gzip)) {
    console.log(
      `  ${asset.kind.padEnd(3)} ${kb(asset.gzip).padStart(7)} KB gzip ${kb(asset.raw).padStart(8)} KB  ${asset.url}`,
    )
  }
  const jsGzip = total('js', 'gzip')
  console.log(`JavaScript: ${kb(jsGzip)} KB gzip (${kb(total('js', 'raw'))} KB raw); aim under ${aimKb} KB gzip`)
  console.log(`CSS: ${kb(total('css', 'gzip'))} KB gzip (${kb(total('css', 'raw'))} KB raw)`)
  const sortedPaints = [...paints].sort((a, b) => a - b)
  console.log(
    `first contentful paint: median ${median(paints).toFixed(0)} ms over ${runs} cold loads ` +
      `(min ${sortedPaints[0]!.toFixed(0)}, max ${sortedPaints.at(-1)!.toFixed(0)})`,
  )
  console.log(jsGzip < aimKb * 1024 ? 'aim met' : 'aim NOT met')
}

main().catch((error: unknown) => {
  console.error(error)
  process.exitCode = 1
})

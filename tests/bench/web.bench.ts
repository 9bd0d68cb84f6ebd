/**
 * `pnpm bench:web`: what the dashboard's first page costs a reader. Starts the API with the built
 * dashboard on a fresh embedded database, opens `/` in headless Chromium several times with an
 * empty cache, and prints the JavaScript and CSS it loaded (gzip, as a browser would download them)
 * and the time to first contentful paint (median and spread). Aim (issue 6): under 150 KB of
 * JavaScript gzip for the first page.
 *
 * Then Lighthouse (mobile, performance category, its default simulated slow 4G and 4× CPU
 * slowdown) on the overview and a campus page, `--lighthouse N` times each (default 3): the median
 * score and its metrics (FCP, LCP, TBT, CLS, Speed Index). Aim (issue 18): 90 or more on both.
 *
 * Options: `--runs N` (default 7), `--path /campuses` (another page), `--lighthouse N` (0: skip).
 */
import { createServer } from 'node:net'
import { gzipSync } from 'node:zlib'
import { parseArgs } from 'node:util'
import lighthouse from 'lighthouse'
import { chromium, type Response } from 'playwright-core'
import { chromiumFlags, chromiumPath, launchBrowser } from '../e2e/support/browser'
import { startApi } from '../e2e/support/server'

const { values } = parseArgs({
  args: process.argv.slice(2).filter((arg) => arg !== '--'),
  options: {
    runs: { type: 'string', default: '7' },
    path: { type: 'string', default: '/' },
    lighthouse: { type: 'string', default: '3' },
  },
})
const lighthouseRuns = Math.max(0, Number(values.lighthouse))
const lighthouseAim = 90
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

/** A free TCP port, for Chromium's DevTools endpoint (Lighthouse drives the browser through it). */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer()
    server.once('error', reject)
    server.listen(0, '127.0.0.1', () => {
      const address = server.address()
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 0))
    })
  })
}

interface LighthouseRun {
  score: number
  fcp: number
  lcp: number
  tbt: number
  cls: number
  si: number
  /** What Lighthouse says slows the page most: its failing audits, with their estimated savings. */
  advice: string[]
}

/** Lighthouse's mobile performance audit of `url`, `runs` times (a new tab and an empty cache each time). */
async function lighthouseAudit(url: string, runs: number): Promise<LighthouseRun[]> {
  const port = await freePort()
  const browser = await chromium.launch({
    executablePath: chromiumPath,
    headless: true,
    args: [...chromiumFlags, `--remote-debugging-port=${port}`],
  })
  const results: LighthouseRun[] = []
  try {
    for (let run = 0, failures = 0; run < runs; run++) {
      const result = await lighthouse(url, {
        port,
        output: 'json',
        logLevel: 'error',
        onlyCategories: ['performance'],
        formFactor: 'mobile',
        locale: 'fr',
      })
      const lhr = result?.lhr
      if (!lhr) throw new Error(`Lighthouse gave no result for ${url}`)
      if (lhr.runtimeError) {
        // On a busy machine Lighthouse sometimes loses its own trace (NO_NAVSTART): that run is done
        // again, said so, up to twice in all; a page that keeps failing stops the benchmark.
        if (++failures > 2) throw new Error(`Lighthouse failed on ${url}: ${lhr.runtimeError.message}`)
        console.warn(`Lighthouse run ${run + 1} on ${url} failed (${lhr.runtimeError.code}); run again`)
        run--
        continue
      }
      const metric = (id: string) => lhr.audits[id]?.numericValue ?? Number.NaN
      results.push({
        score: Math.round((lhr.categories.performance?.score ?? Number.NaN) * 100),
        fcp: metric('first-contentful-paint'),
        lcp: metric('largest-contentful-paint'),
        tbt: metric('total-blocking-time'),
        cls: metric('cumulative-layout-shift'),
        si: metric('speed-index'),
        advice: Object.values(lhr.audits)
          .filter(
            (a) =>
              a.score !== null &&
              a.score < 0.9 &&
              (a.details?.type === 'opportunity' ||
                a.id.includes('main-thread') ||
                a.id === 'bootup-time' ||
                a.id === 'largest-contentful-paint-element'),
          )
          .map((a) => `${a.id}: ${a.displayValue ?? ''}`),
      })
    }
  } finally {
    await browser.close()
  }
  return results
}

async function main() {
  const api = await startApi({ timeoutMs: 240_000 })
  const browser = await launchBrowser()
  const paints: number[] = []
  let assets: Asset[] = []
  const audits: Array<{ name: string; runs: LighthouseRun[] }> = []
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
      // A development build (Vue ties each element to its component) measures nothing a reader gets.
      if (await page.evaluate(() => '__vueParentComponent' in document.querySelector('main')!)) {
        throw new Error('apps/web/dist is a development build: run `pnpm --filter @trajectoires/web build`')
      }
      const fcp = await page.evaluate(
        () => performance.getEntriesByName('first-contentful-paint')[0]?.startTime ?? Number.NaN,
      )
      paints.push(fcp)
      const loaded = (await Promise.all(seen)).filter((asset): asset is Asset => asset !== undefined)
      if (run === 0) assets = loaded
      await context.close()
    }
    await browser.close()
    if (lighthouseRuns > 0) {
      // A campus page: the first campus by name that the overview lists.
      const campuses = (await (await fetch(`${api.url}/api/v1/campuses?limit=100&sort=name`)).json()) as {
        items: Array<{ id: string; name: string }>
      }
      const campus = campuses.items[0]!
      for (const [name, page] of [
        ['overview /', '/'],
        [`campus page (${campus.name})`, `/campuses/${campus.id}`],
      ] as const) {
        audits.push({ name, runs: await lighthouseAudit(`${api.url}${page}`, lighthouseRuns) })
      }
    }
  } finally {
    await browser.close().catch(() => undefined)
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
  for (const audit of audits) {
    const m = (field: Exclude<keyof LighthouseRun, 'advice'>) => median(audit.runs.map((run) => run[field]))
    const scores = audit.runs.map((run) => run.score)
    console.log(
      `Lighthouse mobile performance, ${audit.name}: median ${m('score')} (runs ${scores.join(', ')}); ` +
        `FCP ${m('fcp').toFixed(0)} ms, LCP ${m('lcp').toFixed(0)} ms, TBT ${m('tbt').toFixed(0)} ms, ` +
        `CLS ${m('cls').toFixed(3)}, Speed Index ${m('si').toFixed(0)} ms; ` +
        (m('score') >= lighthouseAim ? `aim (${lighthouseAim}) met` : `aim (${lighthouseAim}) NOT met`),
    )
    const advice = audit.runs[0]!.advice
    if (advice.length) console.log(`  Lighthouse's advice (first run): ${advice.join('; ')}`)
  }
}

main().catch((error: unknown) => {
  console.error(error)
  process.exitCode = 1
})

import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { brotliCompressSync, constants, gzipSync } from 'node:zlib'
import type { Plugin } from 'vite'

/** What is worth compressing: text. Images and fonts are compressed already. */
const compressible = /\.(js|mjs|css|html|svg|json|txt|map|webmanifest)$/
/** Below this, the headers cost more than the bytes saved. */
const minBytes = 1024

function* files(dir: string): Generator<string> {
  for (const entry of readdirSync(dir)) {
    const path = join(dir, entry)
    if (statSync(path).isDirectory()) yield* files(path)
    else yield path
  }
}

/**
 * Writes `<file>.br` (brotli, best quality) and `<file>.gz` (gzip -9) beside every text file of the
 * build, once, so that the API serves them as they are (`@fastify/static`'s `preCompressed`)
 * instead of compressing on every request or sending them uncompressed.
 */
export function precompressPlugin(): Plugin {
  let outDir = 'dist'
  return {
    name: 'trajectoires:precompress',
    apply: 'build',
    configResolved(config) {
      // `resolve`: an absolute `--outDir` (the browser tests' `E2E_WEB_DIST`) is taken as it is.
      outDir = resolve(config.root, config.build.outDir)
    },
    closeBundle() {
      for (const path of files(outDir)) {
        if (!compressible.test(path)) continue
        const data = readFileSync(path)
        if (data.length < minBytes) continue
        writeFileSync(
          `${path}.br`,
          brotliCompressSync(data, {
            params: {
              [constants.BROTLI_PARAM_QUALITY]: constants.BROTLI_MAX_QUALITY,
              [constants.BROTLI_PARAM_SIZE_HINT]: data.length,
            },
          }),
        )
        writeFileSync(`${path}.gz`, gzipSync(data, { level: 9 }))
      }
    },
  }
}

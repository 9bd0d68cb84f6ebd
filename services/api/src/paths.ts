import { resolve } from 'node:path'
import { fileURLToPath } from 'node:url'

/**
 * The API package's folder (services/api), whether the code runs from its sources (src/paths.ts)
 * or from the built bundle (dist/server.js): both sit one level below it. Every file the API reads
 * at run time (migrations, SQL functions, the dashboard, the partner guide) is found from here.
 */
export const apiRoot = fileURLToPath(new URL('../', import.meta.url))

/** The repository's root (the workspace). */
export const repoRoot = resolve(apiRoot, '../..')

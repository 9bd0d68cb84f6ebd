import { ensureWebBuild, seedTemplate } from './server'

/**
 * Builds the dashboard once, before any test file starts an API that serves it, and seeds the
 * embedded database the test files' APIs start on copies of. Returns the template's clean-up.
 */
export default async function setup() {
  ensureWebBuild()
  return seedTemplate()
}

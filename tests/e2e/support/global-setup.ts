import { ensureWebBuild } from './server'

/** Builds the dashboard once, before any test file starts an API that serves it. */
export default function setup() {
  ensureWebBuild()
}

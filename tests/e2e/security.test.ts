import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Browser, Page } from 'playwright-core'
import { launchBrowser, screenshot, watchPage } from './support/browser'
import { demoAdmin, startApi, type RunningApi } from './support/server'

let api: RunningApi
let browser: Browser

beforeAll(async () => {
  // As in production: the session cookie is Secure (browsers keep it on http://127.0.0.1 too).
  // A first start: the demo credential it prints is checked below.
  api = await startApi({ fresh: true, env: { COOKIE_SECURE: 'true' } })
  browser = await launchBrowser()
})

afterAll(async () => {
  await browser?.close()
  await api?.stop()
})

/** Collects the page's content security policy violations, as the browser reports them. */
async function watchViolations(page: Page): Promise<() => Promise<string[]>> {
  await page.addInitScript(() => {
    const seen: string[] = []
    ;(window as unknown as { __violations: string[] }).__violations = seen
    document.addEventListener('securitypolicyviolation', (e) =>
      seen.push(`${e.violatedDirective} ${e.blockedURI} ${e.sourceFile}:${e.lineNumber}`),
    )
  })
  return () => page.evaluate(() => (window as unknown as { __violations: string[] }).__violations ?? [])
}

describe('security headers in a real browser', () => {
  it('the dashboard runs under the content security policy without a violation', async () => {
    const context = await browser.newContext({ baseURL: api.url, locale: 'fr-FR' })
    const page = await context.newPage()
    const problems = watchPage(page)
    const violations = await watchViolations(page)
    try {
      const response = await page.goto('/')
      expect(response?.headers()['content-security-policy']).toMatch(/script-src 'self'/)
      await page.getByRole('heading', { level: 1 }).waitFor()
      await page
        .getByRole('navigation', { name: 'Navigation principale' })
        .getByRole('link', { name: 'Écoles' })
        .click()
      await page.locator('[data-testid="campuses-table"] tbody tr').first().waitFor()
      expect(await violations()).toEqual([])
      expect(problems).toEqual([])
    } finally {
      await screenshot(page, 'security dashboard')
      await context.close()
    }
  })

  it('the API docs (swagger-ui) run under the same policy without a violation', async () => {
    const context = await browser.newContext({ baseURL: api.url })
    const page = await context.newPage()
    const problems = watchPage(page)
    const violations = await watchViolations(page)
    try {
      await page.goto('/api/docs')
      await page.locator('.opblock').first().waitFor()
      // Expanding an operation renders its models, examples and the lock of its security requirement.
      await page.locator('.opblock-summary').first().click()
      await page.locator('.opblock-body').first().waitFor()
      expect(await page.locator('.authorize').count()).toBeGreaterThan(0)
      expect(await violations()).toEqual([])
      expect(problems).toEqual([])
    } finally {
      await screenshot(page, 'security api docs')
      await context.close()
    }
  })

  it('logs the demo administrator in from the page: the cookie is HttpOnly and the session works', async () => {
    expect(api.output()).toMatch(/DEMO CREDENTIAL/)
    expect(api.output()).toContain(demoAdmin.email)
    const context = await browser.newContext({ baseURL: api.url })
    const page = await context.newPage()
    const problems = watchPage(page)
    try {
      await page.goto('/')
      const result = await page.evaluate(async (account) => {
        const login = await fetch('/api/v1/auth/login', {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify(account),
        })
        const { csrfToken } = (await login.json()) as { csrfToken: string }
        const session = (await (await fetch('/api/v1/auth/session')).json()) as { authenticated: boolean }
        const refused = await fetch('/api/v1/organisations', {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ name: 'Sans jeton', kind: 'other' }),
        })
        const created = await fetch('/api/v1/organisations', {
          method: 'POST',
          headers: { 'content-type': 'application/json', 'x-csrf-token': csrfToken },
          body: JSON.stringify({ name: 'Avec jeton', kind: 'other' }),
        })
        return {
          login: login.status,
          session: session.authenticated,
          cookieVisible: document.cookie.includes('trj_session'),
          refused: refused.status,
          created: created.status,
        }
      }, demoAdmin)
      expect(result).toEqual({ login: 200, session: true, cookieVisible: false, refused: 403, created: 201 })
      const cookies = await context.cookies()
      expect(cookies.find((c) => c.name === 'trj_session')).toMatchObject({
        httpOnly: true,
        sameSite: 'Strict',
        secure: true,
      })
      // The refused write is a 403 the page asked for: the only console error allowed.
      expect(problems.filter((p) => !/403/.test(p))).toEqual([])
    } finally {
      await context.close()
    }
  })
})

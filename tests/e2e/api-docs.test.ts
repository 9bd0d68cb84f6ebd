import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Browser } from 'playwright-core'
import { launchBrowser, screenshot, watchPage } from './support/browser'
import { startApi, type RunningApi } from './support/server'

let api: RunningApi
let browser: Browser

beforeAll(async () => {
  api = await startApi()
  browser = await launchBrowser()
})

afterAll(async () => {
  await browser?.close()
  await api?.stop()
})

describe('API documentation', () => {
  it('renders the interactive docs at /api/docs', async () => {
    const context = await browser.newContext({ baseURL: api.url, viewport: { width: 1280, height: 900 } })
    const page = await context.newPage()
    const problems = watchPage(page)
    try {
      const response = await page.goto('/api/docs')
      expect(response?.status()).toBe(200)

      const title = page.locator('.swagger-ui .info .title')
      await title.waitFor()
      expect(await title.textContent()).toContain('Trajectoires API')
      expect(await page.title()).toMatch(/Swagger|Trajectoires/)

      // Operations come from the live OpenAPI document, grouped by tag
      await page.locator('.opblock').first().waitFor()
      const summaries = await page.locator('.opblock-summary-description').allTextContents()
      expect(summaries).toContain('List campuses')
      expect(summaries).toContain('Create an organisation')
      expect(summaries).toContain('The consortium of a campus on a day')
      const tags = (await page.locator('.opblock-tag').allTextContents()).join(' ')
      for (const tag of ['Campuses', 'Organisations', 'Consortia', 'Health']) expect(tags).toContain(tag)
      expect(problems).toEqual([])
    } finally {
      await screenshot(page, 'api docs')
      await context.close()
    }
  })

  it('serves the OpenAPI document it renders', async () => {
    const response = await fetch(`${api.url}/api/openapi.json`)
    expect(response.status).toBe(200)
    const document = (await response.json()) as { openapi: string; info: { title: string }; paths: object }
    expect(document.openapi).toBe('3.1.0')
    expect(document.info.title).toBe('Trajectoires API')
    expect(Object.keys(document.paths)).toContain('/api/v1/campuses')
  })
})

import { afterAll, beforeAll } from 'vitest'
import { call, createTestApp, type TestContext } from '../../../test/helpers.js'

export let t: TestContext
export let lyonId: string

export const sessionCookie = (res: { cookies: Array<{ name: string; value: string }> }) =>
  res.cookies.find((c) => c.name === 'trj_session')

/** Before the file's tests: a fresh app with one campus (Lyon); after them, the app closed. */
export function useAuthScenario(): void {
  beforeAll(async () => {
    t = await createTestApp()
    const lyon = await call(t.admin, {
      method: 'POST',
      url: '/api/v1/campuses',
      payload: { name: 'Plombiers du numérique Lyon', inseeCode: '69123', status: 'open' },
    })
    lyonId = lyon.data.id
  })
  afterAll(() => t.close())
}

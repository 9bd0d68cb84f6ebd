import { createClient } from '@trajectoires/client'

export { ApiError, paginate } from '@trajectoires/client'

/** The API client of the dashboard: same origin (Vite proxies `/api` in development). */
export const api = createClient({ baseUrl: '' })

export type Api = typeof api

import { beforeEach, describe, expect, it, vi } from 'vitest'
import { createPinia, setActivePinia } from 'pinia'
import type * as clientModule from '../../api/client'

// The store reads the API through the dashboard's client: replaced by a mock, no network.
const api = vi.hoisted(() => ({
  getStatsOverview: vi.fn(),
  getPlacement: vi.fn(),
}))
vi.mock('../../api/client', async (original) => ({
  ...(await original<typeof clientModule>()),
  api,
}))

const { useOverviewStore } = await import('./overview.store')

describe('the overview store', () => {
  beforeEach(() => {
    setActivePinia(createPinia())
    api.getStatsOverview.mockReset()
    api.getPlacement.mockReset()
  })

  it('loads the overview and the trend by exit year, each the query of its CSV', async () => {
    api.getStatsOverview.mockResolvedValue({ network: { campuses: { open: 6 } } })
    api.getPlacement.mockResolvedValue({ groups: [] })
    const store = useOverviewStore()
    await Promise.all([store.load(), store.trend.load()])
    expect(store.status).toBe('ready')
    expect(store.data).toEqual({ network: { campuses: { open: 6 } } })
    expect(api.getPlacement).toHaveBeenCalledWith({ groupBy: 'exitYear' })
    expect(store.trend.status).toBe('ready')
  })

  it('for a chosen year, asks for its network figure and its figures by campus; none for every year', async () => {
    api.getPlacement.mockImplementation((query: { exitYear: number; groupBy?: string }) => Promise.resolve({ query }))
    const store = useOverviewStore()
    await store.loadYear(2019)
    expect(api.getPlacement).toHaveBeenCalledWith({ exitYear: 2019 })
    expect(api.getPlacement).toHaveBeenCalledWith({ exitYear: 2019, groupBy: 'campus' })
    expect(store.yearNetwork.data).toEqual({ query: { exitYear: 2019 } })

    api.getPlacement.mockClear()
    await store.loadYear(null)
    expect(api.getPlacement).not.toHaveBeenCalled()
    // Another year's figures are not shown under the new choice.
    expect(store.yearNetwork.data).toBeNull()
    expect(store.yearByCampus.data).toBeNull()
  })

  it('says why the overview failed, as a problem ProblemAlert can explain', async () => {
    api.getStatsOverview.mockRejectedValue(new TypeError('Failed to fetch'))
    const store = useOverviewStore()
    await store.load()
    expect(store.status).toBe('error')
    expect(store.error?.status).toBe(0)
    expect(store.data).toBeNull()
  })
})

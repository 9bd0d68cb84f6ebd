import { defineStore } from 'pinia'
import { api } from '../../api/client'
import { useLoad } from '../../components/use-load'

/** The latest version of every metric definition (`GET /api/v1/metrics`), r_positive first. */
export const useMetricsStore = defineStore('metrics', () => {
  const { data, status, error, load } = useLoad(async () => {
    const { items } = await api.listMetrics()
    return [...items].sort((a, b) =>
      a.id === 'r_positive' ? -1 : b.id === 'r_positive' ? 1 : a.id.localeCompare(b.id),
    )
  })
  return { data, status, error, load }
})

import { defineStore } from 'pinia'
import { api } from '../../api/client'
import { useLoad } from '../../components/use-load'

/** The network at a glance (`GET /api/v1/stats/overview`), as the public sees it. */
export const useOverviewStore = defineStore('overview', () => {
  const { data, status, error, load } = useLoad(() => api.getStatsOverview())
  return { data, status, error, load }
})

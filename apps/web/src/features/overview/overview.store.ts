import { defineStore } from 'pinia'
import { ref } from 'vue'
import { api } from '../../api/client'
import { useLoad } from '../../components/use-load'

/**
 * The network at a glance (`GET /api/v1/stats/overview`), as the public sees it, with the network
 * rate by exit year (`groupBy=exitYear`) and, for a chosen exit year, its network rate and its rate
 * by campus: each the same query as its CSV download.
 */
export const useOverviewStore = defineStore('overview', () => {
  const { data, status, error, load } = useLoad(() => api.getStatsOverview())
  const trend = useLoad(() => api.getPlacement({ groupBy: 'exitYear' }))
  const year = ref<number | null>(null)
  const yearNetwork = useLoad(() => api.getPlacement({ exitYear: year.value! }))
  const yearByCampus = useLoad(() => api.getPlacement({ exitYear: year.value!, groupBy: 'campus' }))

  /** Shows `next`'s figures by campus (null: every year, from the overview). */
  async function loadYear(next: number | null) {
    if (next !== year.value) {
      yearNetwork.data.value = null
      yearByCampus.data.value = null
    }
    year.value = next
    if (next !== null) await Promise.all([yearNetwork.load(), yearByCampus.load()])
  }

  return { data, status, error, load, trend, year, yearNetwork, yearByCampus, loadYear }
})

import { defineStore } from 'pinia'
import { ref } from 'vue'
import type { PlacementResult } from '@trajectoires/contract'
import { api } from '../../api/client'
import { useLoad } from '../../components/use-load'

/** The campus's positive-exit rate by exit year (the rate chart); the outcome mix comes apart, counted by the API. */
export interface CampusPlacement {
  positive: PlacementResult
}

/** One campus as the public sees it: facts, consortium, results by exit year and funnel, each loaded apart. */
export const useCampusStore = defineStore('campus', () => {
  const campusId = ref<string | null>(null)
  const id = () => {
    if (!campusId.value) throw new Error('no campus selected')
    return campusId.value
  }

  const campus = useLoad(async () => (await api.getCampus(id())).data)
  const consortium = useLoad(() => api.getCampusConsortium(id()))
  const placement = useLoad<CampusPlacement>(async () => ({
    positive: await api.getPlacement({ campusId: id(), groupBy: 'exitYear', metric: 'r_positive' }),
  }))
  /** Situations six months after exit by exit year, in counts that add up (the API's, never subtracted here). */
  const mix = useLoad(() => api.getOutcomeMix({ campusId: id(), groupBy: 'exitYear' }))
  const funnel = useLoad(() => api.getStatsFunnel({ campusId: id() }))
  /** The campus's figure for one exit year (`?campusId=&exitYear=`, the query its CSV link downloads). */
  const year = ref<number | null>(null)
  const yearPlacement = useLoad(() => api.getPlacement({ campusId: id(), exitYear: year.value! }))

  async function loadYear(next: number | null) {
    if (next !== year.value) yearPlacement.data.value = null
    year.value = next
    if (next !== null && campusId.value) await yearPlacement.load()
  }

  /** Loads everything about the campus; the campus facts first decide whether the rest is worth asking. */
  async function load(next: string) {
    if (campusId.value !== next) {
      for (const part of [campus, consortium, placement, mix, funnel, yearPlacement]) part.data.value = null
    }
    campusId.value = next
    const parts = [campus.load(), consortium.load(), placement.load(), mix.load(), funnel.load()]
    if (year.value !== null) parts.push(yearPlacement.load())
    await Promise.all(parts)
  }

  return { campusId, campus, consortium, placement, mix, funnel, year, yearPlacement, load, loadYear }
})

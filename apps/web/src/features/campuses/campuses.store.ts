import { defineStore } from 'pinia'
import { computed } from 'vue'
import type { Campus } from '@trajectoires/contract'
import { api, paginate } from '../../api/client'
import { useLoad } from '../../components/use-load'

/** The campuses of the network, every page of them, sorted by name; a newer load wins over one still in flight. */
export const useCampusesStore = defineStore('campuses', () => {
  const { data, status, error, load } = useLoad(async () => {
    const all: Campus[] = []
    for await (const campus of paginate(api.listCampuses, { limit: 100, sort: 'name' })) all.push(campus)
    return all
  })
  const items = computed(() => data.value ?? [])
  const isEmpty = computed(() => status.value === 'ready' && items.value.length === 0)

  return { items, status, error, isEmpty, load }
})

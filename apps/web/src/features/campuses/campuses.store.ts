import { defineStore } from 'pinia'
import { computed, ref, shallowRef } from 'vue'
import type { Campus } from '@trajectoires/contract'
import { ApiError, api, paginate } from '../../api/client'

export type LoadStatus = 'idle' | 'loading' | 'ready' | 'error'

/** The campuses of the network, every page of them, sorted by name. */
export const useCampusesStore = defineStore('campuses', () => {
  const items = shallowRef<Campus[]>([])
  const status = ref<LoadStatus>('idle')
  const error = shallowRef<ApiError | null>(null)
  let latest = 0

  const isEmpty = computed(() => status.value === 'ready' && items.value.length === 0)

  /** Loads the list; a newer call wins over one still in flight. */
  async function load() {
    const call = ++latest
    status.value = 'loading'
    error.value = null
    try {
      const all: Campus[] = []
      for await (const campus of paginate(api.listCampuses, { limit: 100, sort: 'name' })) all.push(campus)
      if (call !== latest) return
      items.value = all
      status.value = 'ready'
    } catch (err) {
      if (call !== latest) return
      error.value =
        err instanceof ApiError
          ? err
          : new ApiError({ status: 0, code: 'unexpected_response', detail: String(err), cause: err })
      status.value = 'error'
    }
  }

  return { items, status, error, isEmpty, load }
})

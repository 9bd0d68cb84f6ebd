import { computed, type WritableComputedRef } from 'vue'
import { useRoute, useRouter, type LocationQuery } from 'vue-router'

/** The first value of a query parameter. */
const first = (value: LocationQuery[string] | undefined) => (Array.isArray(value) ? value[0] : value) ?? undefined

/** An exit year read from the address: `?annee=2019` (written by the dashboard) or `?exitYear=2019` (the API's name). */
function exitYearOf(query: LocationQuery): number | null {
  const raw = first(query.annee) ?? first(query.exitYear)
  if (!raw || !/^\d{4}$/.test(raw)) return null
  const year = Number(raw)
  return year >= 2000 && year <= 2100 ? year : null
}

/**
 * The exit year a page shows, kept in its address so that the page can be shared as it is seen:
 * reading takes `?annee=` or `?exitYear=`, choosing writes `?annee=` (null: every year).
 */
export function useExitYear(): WritableComputedRef<number | null> {
  const route = useRoute()
  const router = useRouter()
  return computed({
    get: () => exitYearOf(route.query),
    set: (year) => {
      const { annee: _annee, exitYear: _exitYear, ...rest } = route.query
      void router.replace({ query: year === null ? rest : { ...rest, annee: String(year) }, hash: route.hash })
    },
  })
}

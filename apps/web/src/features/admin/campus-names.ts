import type { Campus } from '@trajectoires/contract'
import { api, paginate } from '../../api/client'

/** Every campus, by name: the choices of the campus pickers of the administration pages. */
export async function allCampuses(): Promise<Campus[]> {
  const all: Campus[] = []
  for await (const campus of paginate(api.listCampuses, { limit: 100, sort: 'name' })) all.push(campus)
  return all
}

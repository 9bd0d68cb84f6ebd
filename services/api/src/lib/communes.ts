import { readFileSync } from 'node:fs'
import { createRequire } from 'node:module'

export interface Commune {
  inseeCode: string
  commune: string
  departmentCode: string
  departmentName: string
  regionCode: string
  regionName: string
}

interface RawCommune {
  code: string
  nom: string
  type: string
  departement?: string
  region?: string
}

let index: Map<string, Commune> | undefined

/**
 * The official list of current communes (and municipal arrondissements of Paris, Lyon and
 * Marseille), as shipped by `@etalab/decoupage-administratif`. Loaded on first use.
 */
function communes(): Map<string, Commune> {
  if (index) return index
  const require = createRequire(import.meta.url)
  // Parsed rather than required: `require` would keep the 37,000 raw records cached for ever.
  const raw = JSON.parse(
    readFileSync(require.resolve('@etalab/decoupage-administratif/data/communes.json'), 'utf8'),
  ) as RawCommune[]
  const departments = new Map(
    (require('@etalab/decoupage-administratif/data/departements.json') as Array<{ code: string; nom: string }>).map(
      (d) => [d.code, d.nom],
    ),
  )
  const regions = new Map(
    (require('@etalab/decoupage-administratif/data/regions.json') as Array<{ code: string; nom: string }>).map((r) => [
      r.code,
      r.nom,
    ]),
  )
  index = new Map()
  for (const c of raw) {
    if (c.type !== 'commune-actuelle' && c.type !== 'arrondissement-municipal') continue
    if (!c.departement || !c.region) continue
    index.set(c.code, {
      inseeCode: c.code,
      commune: c.nom,
      departmentCode: c.departement,
      departmentName: departments.get(c.departement) ?? c.departement,
      regionCode: c.region,
      regionName: regions.get(c.region) ?? c.region,
    })
  }
  return index
}

export function findCommune(inseeCode: string): Commune | undefined {
  return communes().get(inseeCode)
}

import type { OpenDataPackage, OpenDataResourceName, StatsOverview } from '@trajectoires/contract'
import { Lru, digest, matchesEtag } from '../stats/stats.cache.js'
import type { StatsRepository } from '../stats/stats.repository.js'
import type { Answer, StatsService } from '../stats/stats.service.js'
import type { OpenDataRepository } from './open-data.repository.js'
import { buildTables, irisPlusMappings, toCsv } from './open-data.tables.js'

/** The package as served: the descriptor and every CSV, computed together from one state of the records. */
interface Built {
  descriptor: string
  csv: Map<OpenDataResourceName, string>
}

const placementQuery = { metric: 'r_positive', basis: 'entrants', checkpoint: 'm6' } as const

/**
 * Open data: the public, suppressed aggregates as a Frictionless Tabular Data Package. Every
 * figure comes from the statistics service with the `public` viewer, whoever asks, so the
 * suppression rules are exactly those of `/stats/placement` and `/stats/overview`.
 */
export function createOpenDataService(deps: {
  stats: StatsService
  statsRepository: StatsRepository
  repository: OpenDataRepository
  now?: () => Date
}) {
  const { stats, statsRepository, repository } = deps
  const now = deps.now ?? (() => new Date())
  const cache = new Lru<Promise<Built>>(4)

  async function build(dataVersion: number): Promise<Built> {
    const placementByCampusYear = await stats.compute({ ...placementQuery, groupBy: ['campus', 'exitYear'] }, 'public')
    const placementByYear = await stats.compute({ ...placementQuery, groupBy: ['exitYear'] }, 'public')
    const employment = { ...placementQuery, metric: 'r_employment' } as const
    const employmentByCampusYear = await stats.compute({ ...employment, groupBy: ['campus', 'exitYear'] }, 'public')
    const employmentByYear = await stats.compute({ ...employment, groupBy: ['exitYear'] }, 'public')
    const overview = JSON.parse((await stats.overview({ viewer: 'public' })).body) as StatsOverview
    const campuses = await repository.campuses()
    const demo = await repository.hasDemoRecords()
    const metrics = [
      await stats.getMetric(placementByYear.metric.id, placementByYear.metric.version),
      await stats.getMetric(employmentByYear.metric.id, employmentByYear.metric.version),
    ]
    const tables = buildTables({
      campuses,
      placementByCampusYear,
      placementByYear,
      employmentByCampusYear,
      employmentByYear,
      overview,
    })

    const descriptor: OpenDataPackage = {
      profile: 'tabular-data-package',
      name: 'trajectoires-plombiers-du-numerique',
      title: 'Plombiers du numérique : insertion des apprenant·es et profil des entrées (données ouvertes)',
      description: [
        'Agrégats publics du réseau des Plombiers du numérique (écoles de techniciens de la fibre optique), tenus dans Trajectoires : campus, entrées et formations achevées par année, profil des entrant·es, taux de sorties positives (`r_positive`) et taux d’emploi (`r_employment`) à 6 mois par année de sortie, pour le réseau et par campus, avec leur intervalle de confiance à 95 %.',
        'Chaque taux applique une définition versionnée (voir `metrics`) : numérateur, dénominateur, sorties neutralisées, fenêtre d’observation, traitement des situations inconnues (comptées comme non placées ; le taux si elles l’étaient toutes est donné).',
        'Secret statistique : un taux dont le dénominateur est inférieur à 20 est masqué, une case de 1 à 4 personnes l’est entièrement, et d’autres cases sont masquées pour qu’aucune valeur masquée ne puisse être retrouvée par soustraction. Une valeur masquée vaut `s` ; une case vide est une valeur qui n’existe pas. Ces fichiers sont toujours la vue publique, quel que soit le demandeur.',
        'Les chiffres sont recalculés à chaque modification des données (`dataVersion`) ; les années récentes sont provisoires (`maturity`) tant que les observations à 6 mois ne sont pas toutes échues.',
        ...(demo
          ? [
              'Attention : cette base contient des données de démonstration (origine `demo`), fictives. Les chiffres qui en découlent ne décrivent pas le réseau réel.',
            ]
          : []),
      ].join('\n\n'),
      keywords: ['insertion professionnelle', 'formation', 'fibre optique', 'décrocheurs', 'QPV', 'taux de placement'],
      licenses: [
        {
          name: 'etalab-2.0',
          path: 'https://www.etalab.gouv.fr/licence-ouverte-open-licence/',
          title: 'Licence Ouverte / Open Licence version 2.0',
        },
      ],
      sources: [
        {
          title: 'Dossiers des campus du réseau (Trajectoires)',
          description:
            'Inscriptions et situations observées à la sortie, à 6 et à 12 mois, saisies ou importées par les campus et leurs partenaires ; agrégées ici, jamais publiées ligne à ligne.',
        },
        {
          title: 'Article de presse fondateur sur les Plombiers du numérique (vers octobre 2018)',
          description:
            'Les campus, leurs consortiums et les capacités annuelles annoncées (origine `source_article` dans la ressource `campuses`).',
        },
        ...(demo
          ? [
              {
                title: 'Données de démonstration',
                description: 'Dossiers fictifs (origine `demo`) générés pour montrer l’application ; pas des faits.',
              },
            ]
          : []),
      ],
      created: now().toISOString(),
      dataVersion,
      view: 'public',
      metrics,
      irisPlus: irisPlusMappings,
      resources: tables.map((t) => ({
        name: t.name,
        path: `open-data/${t.name}.csv`,
        profile: 'tabular-data-resource',
        title: t.title,
        description: t.description,
        format: 'csv',
        mediatype: 'text/csv',
        encoding: 'utf-8',
        dialect: { delimiter: ',', lineTerminator: '\r\n', header: true },
        schema: t.schema,
      })),
    }
    return { descriptor: JSON.stringify(descriptor), csv: new Map(tables.map((t) => [t.name, toCsv(t)])) }
  }

  /** The cache key of the package now: the data version, the metric versions and the day (maturity moves). */
  async function state() {
    const versions = await statsRepository.versions()
    const key = JSON.stringify({
      what: 'open-data',
      data: versions.data,
      metrics: versions.metrics,
      day: now().toISOString().slice(0, 10),
    })
    return { key, data: versions.data }
  }

  async function built(key: string, data: number): Promise<Built> {
    let pending = cache.get(key)
    if (!pending) {
      pending = build(data)
      cache.set(key, pending)
      // A failed build is not kept: the next request tries again.
      pending.catch(() => cache.clear())
    }
    return pending
  }

  async function answer(
    part: 'descriptor' | OpenDataResourceName,
    ifNoneMatch: string | string[] | undefined,
  ): Promise<Answer> {
    const { key, data } = await state()
    const etag = `W/"${digest(`${key}|${part}`)}"`
    if (matchesEtag(ifNoneMatch, etag)) return { etag, notModified: true, contentType: '', body: '' }
    const package_ = await built(key, data)
    return part === 'descriptor'
      ? { etag, notModified: false, contentType: 'application/json; charset=utf-8', body: package_.descriptor }
      : { etag, notModified: false, contentType: 'text/csv; charset=utf-8', body: package_.csv.get(part)! }
  }

  return {
    /** `datapackage.json`. */
    descriptor: (ifNoneMatch?: string | string[]) => answer('descriptor', ifNoneMatch),
    /** One CSV file of the package. */
    resource: (name: OpenDataResourceName, ifNoneMatch?: string | string[]) => answer(name, ifNoneMatch),
  }
}

export type OpenDataService = ReturnType<typeof createOpenDataService>

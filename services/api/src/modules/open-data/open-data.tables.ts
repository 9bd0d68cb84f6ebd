/**
 * The open-data tables as data: each resource's Table Schema and how its rows are drawn from the
 * public (suppressed) statistics. Pure functions, no database: the service gives them the results.
 *
 * CSV here is plain RFC 4180 (comma, decimal point, ISO dates, UTF-8 without BOM), which is what
 * Frictionless tools read by default; `/stats/placement?format=csv` is the one for French spreadsheets.
 */
import type {
  IntakeProfile,
  OpenDataField,
  OpenDataForeignKey,
  OpenDataResourceName,
  OpenDataTableSchema,
  PlacementCell,
  PlacementResult,
  StatsOverview,
} from '@trajectoires/contract'
import { campusStatuses, irisPlusMappings, maturities, provenances, suppressionReasons } from '@trajectoires/contract'
import { csvCell } from '../../lib/csv-cell.js'

/** A value withheld by the small-number rules: written `s` (secret statistique). */
const SECRET = Symbol('secret')
type Cell = string | number | boolean | null | typeof SECRET

/** The missing values of every table: a withheld value, and a value that does not exist. */
const missingValues = ['', 's']

/** The public facts of a campus (the `campuses` table, no record of any learner). */
export interface CampusFacts {
  id: string
  name: string
  commune: string
  inseeCode: string
  departmentCode: string
  departmentName: string
  regionCode: string
  regionName: string
  latitude: number | null
  longitude: number | null
  status: string
  openingDate: string | null
  yearlyCapacity: number | null
  provenance: string
}

/** Everything the tables are drawn from: public views only. */
export interface OpenDataInput {
  campuses: CampusFacts[]
  /** `r_positive`, `m6`, entrants, grouped by campus and exit year, public view. */
  placementByCampusYear: PlacementResult
  /** The same, grouped by exit year, public view. */
  placementByYear: PlacementResult
  /** `r_employment`, `m6`, entrants, grouped by campus and exit year, public view. */
  employmentByCampusYear: PlacementResult
  /** The same, grouped by exit year, public view. */
  employmentByYear: PlacementResult
  /** `GET /stats/overview` as the public sees it. */
  overview: StatsOverview
}

export interface Table {
  name: OpenDataResourceName
  title: string
  description: string
  schema: OpenDataTableSchema
  rows: Cell[][]
}

type Constraints = NonNullable<OpenDataField['constraints']>

const field = (
  name: string,
  type: OpenDataField['type'],
  title: string,
  description: string,
  constraints?: Constraints,
  format?: string,
): OpenDataField => ({
  name,
  title,
  type,
  ...(format ? { format } : {}),
  description,
  ...(constraints ? { constraints } : {}),
})

const uuidPattern = '[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}'
const campusId = (unique: boolean) =>
  field('campus_id', 'string', 'Identifiant du campus', 'Identifiant du campus (UUID, celui de l’API).', {
    required: true,
    ...(unique ? { unique: true } : {}),
    pattern: uuidPattern,
  })
const campusName = field('campus_name', 'string', 'Campus', 'Nom du campus.', { required: true })
const campusKey: OpenDataForeignKey = {
  fields: ['campus_id'],
  reference: { resource: 'campuses', fields: ['campus_id'] },
}
const count = (name: string, title: string, description: string) =>
  field(name, 'integer', title, description, { minimum: 0 })
const fraction = (name: string, title: string, description: string) =>
  field(name, 'number', title, `${description} Fraction de 0 à 1.`, { minimum: 0, maximum: 1 })

/** The published metrics of the package and the words their columns are described with. */
type OpenDataMetric = 'r_positive' | 'r_employment'
const metricWords: Record<
  OpenDataMetric,
  { denominator: string; numerator: [string, string]; rate: string; bound: string }
> = {
  r_positive: {
    denominator: 'Effectif − exclu·es.',
    numerator: ['Sorties positives', 'En emploi, en alternance ou en formation qualifiante à 6 mois.'],
    rate: 'Taux de sorties positives',
    bound: '(sorties positives + inconnu·es) ÷ dénominateur.',
  },
  r_employment: {
    denominator: 'Effectif − exclu·es − personnes en alternance ou en formation qualifiante à 6 mois.',
    numerator: ['En emploi', 'En emploi à 6 mois (hors alternance).'],
    rate: 'Taux d’emploi',
    bound: '(en emploi + inconnu·es) ÷ dénominateur.',
  },
}

const placementFields = (metric: OpenDataMetric): OpenDataField[] => [
  field(
    'metric_id',
    'string',
    'Indicateur',
    'Identifiant de la définition appliquée (voir `metrics` du descripteur).',
    {
      required: true,
    },
  ),
  field('metric_version', 'integer', 'Version', 'Version de la définition appliquée.', { required: true, minimum: 1 }),
  count(
    'population',
    'Effectif',
    'Sortant·es entré·es en formation (intégration confirmée) dont la date de sortie tombe dans l’année, exclu·es compris. Toujours `s` : il donnerait le nombre d’exclu·es.',
  ),
  count(
    'excluded',
    'Exclu·es',
    'Sorties neutralisées (déménagement, longue maladie, décès, incarcération). Toujours `s` : jamais publié.',
  ),
  count('denominator', 'Dénominateur', metricWords[metric].denominator),
  count('numerator', ...metricWords[metric].numerator),
  count('unknown', 'Situation inconnue', 'Sans observation utilisable à 6 mois (comptées comme non placées).'),
  fraction('response_rate', 'Taux de réponse', '(dénominateur − inconnu·es) ÷ dénominateur.'),
  fraction(
    'rate',
    metricWords[metric].rate,
    `${metricWords[metric].numerator[0]} ÷ dénominateur, les inconnu·es comptant comme non placé·es.`,
  ),
  fraction('ci95_low', 'IC 95 % bas', 'Borne basse de l’intervalle de Wilson à 95 %.'),
  fraction('ci95_high', 'IC 95 % haut', 'Borne haute de l’intervalle de Wilson à 95 %.'),
  fraction('rate_all_unknown_placed', 'Taux si inconnu·es placé·es', metricWords[metric].bound),
  field(
    'maturity',
    'string',
    'Maturité',
    '`provisional` tant qu’un membre n’a pas passé sa date d’observation + 30 jours, `final` ensuite.',
    { required: true, enum: [...maturities] },
  ),
  fraction('coverage', 'Couverture', 'Part des membres ayant passé leur date d’observation + 30 jours.'),
  field(
    'suppressed',
    'boolean',
    'Secret statistique',
    'Vrai quand des valeurs de la ligne sont masquées (petits effectifs) ; elles valent `s`.',
    { required: true },
  ),
  field(
    'suppression_reason',
    'string',
    'Motif du secret',
    '`small_cell` : 1 à 4 personnes (ou masquée pour qu’une telle case ne puisse pas être déduite) ; `small_denominator` : dénominateur sous 20 ; `complementary` : masquée pour qu’un autre taux masqué ne puisse pas être déduit par soustraction.',
    { enum: [...suppressionReasons] },
  ),
  field('gap_to_target', 'number', 'Écart à la cible', 'Taux − cible de l’indicateur (négatif : sous la cible).', {
    minimum: -1,
    maximum: 1,
  }),
]

/** A value of a placement cell: withheld when the cell is suppressed and the value is null. */
const withheld = (cell: PlacementCell, value: number | null | undefined): Cell =>
  value === null || value === undefined ? (cell.suppressed ? SECRET : null) : value

const placementValues = (result: PlacementResult, c: PlacementCell): Cell[] => [
  result.metric.id,
  result.metric.version,
  // The public release never publishes the population and the exclusions (only members not excluded).
  c.population ?? SECRET,
  c.excluded ?? SECRET,
  withheld(c, c.denominator),
  withheld(c, c.numerator),
  withheld(c, c.unknown),
  withheld(c, c.responseRate),
  withheld(c, c.rate),
  withheld(c, c.ci95?.low ?? null),
  withheld(c, c.ci95?.high ?? null),
  withheld(c, c.bounds?.allUnknownPlaced ?? null),
  c.maturity,
  // Coverage is published once complete (1); a provisional cell's share covered is withheld.
  c.coverage ?? (c.maturity === 'provisional' || c.denominator === null ? SECRET : null),
  c.suppressed,
  c.suppressionReason,
  // A metric without a target (`r_employment`) has no gap to withhold.
  c.target === null ? null : withheld(c, c.gapToTarget),
]

const flowFields = (): OpenDataField[] => [
  field('year', 'year', 'Année', 'Année civile.', { required: true }),
  count(
    'entrants',
    'Entrées',
    'Apprenant·es dont l’intégration (fin de période d’essai) a été confirmée, dans les promotions qui ont commencé cette année-là.',
  ),
  count('completions', 'Formations achevées', 'Apprenant·es sorti·es cette année-là au terme de la formation.'),
]

/** A count that the overview withholds (null) or shows. */
const shown = (value: number | null): Cell => (value === null ? SECRET : value)

const share = (name: string, title: string, description: string) =>
  fraction(name, title, `${description} Masquée sous 20 entrées ou quand elle révélerait 1 à 4 personnes.`)

function intakeValues(p: IntakeProfile): Cell[] {
  const part = (v: number | null) => (v !== null ? v : p.entrants === 0 ? null : SECRET)
  return [shown(p.entrants), part(p.qpvResidents), part(p.noDiplomaAtEntry), part(p.neetAtEntry), part(p.women)]
}

/** The two tables of a published metric: by campus and exit year, and for the network by exit year. */
function placementTables(
  metric: OpenDataMetric,
  byCampusYear: PlacementResult,
  byYear: PlacementResult,
  campusNames: Map<string, string>,
): Table[] {
  const [prefix, what] =
    metric === 'r_positive' ? (['placement', 'Sorties positives'] as const) : (['employment', 'Taux d’emploi'] as const)
  const rule =
    metric === 'r_positive'
      ? 'indicateur `r_positive` (emploi, alternance ou formation qualifiante), observation à 6 mois, base « entrant·es »'
      : 'indicateur `r_employment` (emploi au sens strict : en emploi ÷ sortant·es hors alternance et formation qualifiante), observation à 6 mois, base « entrant·es »'
  return [
    {
      name: `${prefix}-campus-year`,
      title: `${what} à 6 mois, par campus et année de sortie`,
      description: `Une ligne par campus et année de sortie où quelqu’un est sorti : ${rule}. Petits effectifs masqués (\`s\`) selon les règles de l’indicateur, avec masquage complémentaire le long des lignes et des colonnes.`,
      schema: {
        fields: [
          campusId(false),
          campusName,
          field('exit_year', 'year', 'Année de sortie', 'Année de la date de sortie.', { required: true }),
          ...placementFields(metric),
        ],
        primaryKey: ['campus_id', 'exit_year'],
        foreignKeys: [campusKey],
        missingValues,
      },
      rows: byCampusYear.groups.map((g) => [
        g.key.campus ?? null,
        g.labels.campus ?? campusNames.get(g.key.campus ?? '') ?? '',
        g.key.exitYear ?? null,
        ...placementValues(byCampusYear, g),
      ]),
    },
    {
      name: `${prefix}-network-year`,
      title: `${what} à 6 mois du réseau, par année de sortie`,
      description: `Une ligne par année de sortie : le réseau entier, même indicateur et mêmes règles que \`${prefix}-campus-year\`.`,
      schema: {
        fields: [
          field('exit_year', 'year', 'Année de sortie', 'Année de la date de sortie.', {
            required: true,
            unique: true,
          }),
          ...placementFields(metric),
        ],
        primaryKey: ['exit_year'],
        missingValues,
      },
      rows: byYear.groups.map((g) => [g.key.exitYear ?? null, ...placementValues(byYear, g)]),
    },
  ]
}

/** The tables of the package, in the descriptor's order. */
export function buildTables(input: OpenDataInput): Table[] {
  const { placementByCampusYear: byCampusYear, placementByYear: byYear, overview } = input
  const campusNames = new Map(input.campuses.map((c) => [c.id, c.name]))
  return [
    {
      name: 'campuses',
      title: 'Campus du réseau',
      description:
        'Une ligne par campus : faits publics (commune, statut, date d’ouverture, capacité annuelle, origine de l’information). Aucune donnée sur les apprenant·es.',
      schema: {
        fields: [
          campusId(true),
          field('name', 'string', 'Nom', 'Nom du campus.', { required: true }),
          field('commune', 'string', 'Commune', 'Commune, d’après le code INSEE.', { required: true }),
          field('insee_code', 'string', 'Code INSEE', 'Code officiel géographique de la commune.', {
            required: true,
            pattern: '[0-9][0-9AB][0-9]{3}',
          }),
          field('department_code', 'string', 'Département', 'Code du département.', { required: true }),
          field('department_name', 'string', 'Nom du département', 'Nom du département.', { required: true }),
          field('region_code', 'string', 'Région', 'Code de la région.', { required: true, pattern: '[0-9]{2}' }),
          field('region_name', 'string', 'Nom de la région', 'Nom de la région.', { required: true }),
          field('latitude', 'number', 'Latitude', 'Latitude (WGS 84) ; vide si inconnue.', {
            minimum: -90,
            maximum: 90,
          }),
          field('longitude', 'number', 'Longitude', 'Longitude (WGS 84) ; vide si inconnue.', {
            minimum: -180,
            maximum: 180,
          }),
          field('status', 'string', 'Statut', '`planned` (annoncé), `open` (ouvert) ou `closed` (fermé).', {
            required: true,
            enum: [...campusStatuses],
          }),
          field('opening_date', 'date', 'Ouverture', 'Date d’ouverture (prévue) ; vide si inconnue.'),
          field('yearly_capacity', 'integer', 'Capacité annuelle', 'Apprenant·es à former par an ; vide si inconnue.', {
            minimum: 1,
          }),
          field(
            'provenance',
            'string',
            'Origine',
            '`source_article` (article de presse fondateur), `demo` (démonstration, fictif) ou `user` (saisi dans l’application).',
            { required: true, enum: [...provenances] },
          ),
        ],
        primaryKey: ['campus_id'],
        missingValues,
      },
      rows: input.campuses.map((c) => [
        c.id,
        c.name,
        c.commune,
        c.inseeCode,
        c.departmentCode,
        c.departmentName,
        c.regionCode,
        c.regionName,
        c.latitude,
        c.longitude,
        c.status,
        c.openingDate,
        c.yearlyCapacity,
        c.provenance,
      ]),
    },
    ...placementTables('r_positive', byCampusYear, byYear, campusNames),
    ...placementTables('r_employment', input.employmentByCampusYear, input.employmentByYear, campusNames),
    {
      name: 'flows-campus-year',
      title: 'Entrées et formations achevées, par campus et année',
      description:
        'Une ligne par campus et année : entrées (intégration confirmée) et formations achevées. Valeurs de 1 à 4 masquées (`s`), avec masquage complémentaire.',
      schema: {
        fields: [campusId(false), campusName, ...flowFields()],
        primaryKey: ['campus_id', 'year'],
        foreignKeys: [campusKey],
        missingValues,
      },
      rows: overview.campuses.flatMap((c) =>
        c.years.map((y): Cell[] => [c.campus.id, c.campus.name, y.year, shown(y.entrants), shown(y.completions)]),
      ),
    },
    {
      name: 'flows-network-year',
      title: 'Entrées et formations achevées du réseau, par année',
      description: 'Une ligne par année : le réseau entier. Valeurs de 1 à 4 masquées (`s`).',
      schema: {
        fields: flowFields().map((f) =>
          f.name === 'year' ? { ...f, constraints: { ...f.constraints, unique: true } } : f,
        ),
        primaryKey: ['year'],
        missingValues,
      },
      rows: overview.network.years.map((y) => [y.year, shown(y.entrants), shown(y.completions)]),
    },
    {
      name: 'intake-campus',
      title: 'Profil des entrant·es, par campus',
      description:
        'Une ligne par campus, toutes années confondues : nombre d’entrant·es et part des résident·es de QPV, sans diplôme, NEET et des femmes (une information inconnue compte comme « non »).',
      schema: {
        fields: [
          campusId(true),
          campusName,
          count('entrants', 'Entrant·es', 'Apprenant·es dont l’intégration a été confirmée, toutes années.'),
          share('qpv_residents_share', 'Part QPV', 'Part des entrant·es résidant en quartier prioritaire (QPV).'),
          share('no_diploma_share', 'Part sans diplôme', 'Part des entrant·es sans diplôme à l’entrée.'),
          share('neet_share', 'Part NEET', 'Part des entrant·es ni en emploi, ni en études, ni en formation.'),
          share('women_share', 'Part de femmes', 'Part des femmes parmi les entrant·es.'),
        ],
        primaryKey: ['campus_id'],
        foreignKeys: [campusKey],
        missingValues,
      },
      rows: overview.campuses.map((c) => [c.campus.id, c.campus.name, ...intakeValues(c.intake)]),
    },
    {
      name: 'iris-plus-mapping',
      title: 'Correspondance avec les indicateurs IRIS+',
      description:
        'Une ligne par indicateur IRIS+ (GIIN) : la ressource et les colonnes qui s’en approchent, et en quoi les définitions diffèrent.',
      schema: {
        fields: [
          field('code', 'string', 'Code IRIS+', 'Code de l’indicateur IRIS+.', {
            required: true,
            unique: true,
            pattern: 'PI[0-9]{4}',
          }),
          field('name', 'string', 'Nom IRIS+', 'Nom de l’indicateur IRIS+ (en anglais).', { required: true }),
          field('resource', 'string', 'Ressource', 'La ressource de ce paquet qui porte le chiffre.', {
            required: true,
          }),
          field('fields', 'string', 'Colonnes', 'Les colonnes de cette ressource, séparées par des virgules.', {
            required: true,
          }),
          field('maps_from', 'string', 'Calcul', 'Comment le chiffre est calculé ici.', { required: true }),
          field('differences', 'string', 'Différences', 'En quoi la définition diffère de celle d’IRIS+.', {
            required: true,
          }),
        ],
        primaryKey: ['code'],
        missingValues,
      },
      rows: irisPlusMappings.map((m) => [m.code, m.name, m.resource, m.fields.join(','), m.mapsFrom, m.differences]),
    },
  ]
}

function text(value: Cell): string {
  if (value === SECRET) return 's'
  if (value === null) return ''
  const s = String(value)
  return csvCell(s, ',', typeof value !== 'number')
}

/** A table as RFC 4180 CSV: header line, then the rows, CRLF line ends, UTF-8 without BOM. */
export function toCsv(table: Table): string {
  const lines = [table.schema.fields.map((f) => f.name), ...table.rows]
  return lines.map((l) => l.map(text).join(',')).join('\r\n') + '\r\n'
}

import Type, { type Static } from 'typebox'
import { Uuid, provenance, resourceMeta, writtenByImport } from './common/ids.js'
import { Nullable, StringEnum, ref } from './common/schema.js'
import { Page, paginationQuery } from './common/pagination.js'
import { diplomaLevels, qpvListVersions, referrers, sexes } from './common/enums.js'
import { learnerExample, learnerPageExample } from './examples.js'

/** A campus-local learner reference: a letter or digit, then up to 39 letters, digits, `.`, `_`, `/` or `-`. */
export const learnerReferencePattern = '^[A-Za-z0-9][A-Za-z0-9._/-]{0,39}$'

/** Ages, reached during the year the cohort starts, that the network's training admits. */
export const learnerAgeAtEntry = { min: 16, max: 30 } as const

/** Birth years a learner may be recorded with: `today's year − 80` to `today's year − 14`. */
export const learnerBirthYearSpan = { oldest: 80, youngest: 14 } as const

const reference = Type.String({
  pattern: learnerReferencePattern,
  description:
    'The campus’s own reference for the learner (1 to 40 characters: letters, digits, `.`, `_`, `/`, `-`), unique within the campus. Only the campus can tie it to a person: never build it from a name, initials, a birth date or a social security number.',
  examples: ['LYO-2019-014'],
})
const birthYear = Type.Integer({
  minimum: 1941,
  maximum: 2100,
  description:
    'Year of birth (the birth date is not stored). A learner is recorded with a birth year from the current year − 80 to the current year − 14; enrolling checks the age the learner reaches in the year the cohort starts (cohort start year − birth year) is 16 to 30, the network’s entry ages.',
  examples: [2000],
})
const sex = StringEnum(sexes, { description: '`female` or `male`, as declared at entry.', examples: ['female'] })
const qpvResident = Type.Boolean({
  description:
    'Lives in a priority neighbourhood (quartier prioritaire de la ville, QPV) at entry. Null when unknown; when given, `qpvListVersion` says which edition of the list it was checked against.',
  examples: [true],
})
const qpvListVersion = StringEnum(qpvListVersions, {
  description:
    'Edition of the official QPV list that `qpvResident` was checked against: `2015` or `2024`. Required when `qpvResident` is true or false, and only then.',
  examples: ['2024'],
})
const diplomaAtEntry = StringEnum(diplomaLevels, {
  description: 'Highest diploma at entry: `none`, `brevet`, `cap_bep`, `bac` or `higher`.',
  examples: ['none'],
})
const monthsOutOfSchool = Type.Integer({
  minimum: 0,
  maximum: 240,
  description: 'Months between leaving school and entry (0 to 240). Null when unknown.',
  examples: [14],
})
const neetAtEntry = Type.Boolean({
  description: 'Neither in employment, education nor training at entry (NEET). Null when unknown.',
  examples: [true],
})
const referrer = StringEnum(referrers, {
  description:
    'Who referred the learner: `mission_locale`, `france_travail`, `e2c` (École de la Deuxième Chance), `self` or `other`.',
  examples: ['mission_locale'],
})
const drivingLicenceAtEntry = Type.Boolean({
  description: 'Held a driving licence (permis B) at entry. Null when unknown.',
  examples: [false],
})

const privacy =
  'Pseudonymous on purpose (RGPD/GDPR data minimisation, art. 5(1)(c)): the central API holds only what the placement statistics need, never a name, an e-mail address, a phone number, a postal address or a social security number (NIR). The campus keeps the key tying its `reference` to a person. Every schema of this resource refuses unknown properties, so such data cannot be stored here even by mistake.'

export const Learner = Type.Object(
  {
    id: Uuid('Learner id.'),
    campusId: Uuid('The campus the learner belongs to; `reference` is unique within it.'),
    reference,
    birthYear,
    sex,
    qpvResident: Nullable(qpvResident),
    qpvListVersion: Nullable(qpvListVersion),
    diplomaAtEntry,
    monthsOutOfSchool: Nullable(monthsOutOfSchool),
    neetAtEntry: Nullable(neetAtEntry),
    referrer,
    drivingLicenceAtEntry: Nullable(drivingLicenceAtEntry),
    provenance,
    importId: writtenByImport,
    ...resourceMeta,
  },
  {
    $id: 'Learner',
    examples: [learnerExample],
    description: `A learner (apprenant·e) of a campus. ${privacy}`,
    additionalProperties: false,
  },
)

export const LearnerCreate = Type.Object(
  {
    campusId: Uuid('The learner’s campus; it must exist. It cannot be changed afterwards.'),
    reference,
    birthYear,
    sex,
    qpvResident: Type.Optional(Nullable(qpvResident)),
    qpvListVersion: Type.Optional(Nullable(qpvListVersion)),
    diplomaAtEntry,
    monthsOutOfSchool: Type.Optional(Nullable(monthsOutOfSchool)),
    neetAtEntry: Type.Optional(Nullable(neetAtEntry)),
    referrer,
    drivingLicenceAtEntry: Type.Optional(Nullable(drivingLicenceAtEntry)),
  },
  {
    $id: 'LearnerCreate',
    description: `A new learner. ${privacy} A reference already used at the campus is refused with 409 \`duplicate\`.`,
    additionalProperties: false,
    examples: [
      {
        campusId: '0b9b2f1e-6c39-4f6f-9a53-3f0e2f1b7c10',
        reference: 'LYO-2019-014',
        birthYear: 2000,
        sex: 'male',
        qpvResident: true,
        qpvListVersion: '2015',
        diplomaAtEntry: 'none',
        monthsOutOfSchool: 14,
        neetAtEntry: true,
        referrer: 'mission_locale',
        drivingLicenceAtEntry: false,
      },
    ],
  },
)

export const LearnerUpdate = Type.Object(
  {
    reference: Type.Optional(reference),
    birthYear: Type.Optional(birthYear),
    sex: Type.Optional(sex),
    qpvResident: Type.Optional(Nullable(qpvResident)),
    qpvListVersion: Type.Optional(Nullable(qpvListVersion)),
    diplomaAtEntry: Type.Optional(diplomaAtEntry),
    monthsOutOfSchool: Type.Optional(Nullable(monthsOutOfSchool)),
    neetAtEntry: Type.Optional(Nullable(neetAtEntry)),
    referrer: Type.Optional(referrer),
    drivingLicenceAtEntry: Type.Optional(Nullable(drivingLicenceAtEntry)),
  },
  {
    $id: 'LearnerUpdate',
    description: `Fields to change; absent fields stay as they are, null clears an optional field. The campus cannot change: a learner who moves is recorded again at the new campus. A new birth year is checked against the learner's enrolments. ${privacy}`,
    additionalProperties: false,
    minProperties: 1,
    examples: [{ qpvResident: true, qpvListVersion: '2024' }],
  },
)

export const learnerSorts = ['reference', '-reference', 'createdAt', '-createdAt'] as const

export const LearnerListQuery = Type.Object(
  {
    limit: paginationQuery.limit,
    cursor: paginationQuery.cursor,
    q: Type.Optional(
      Type.String({
        minLength: 1,
        maxLength: 40,
        description: 'Part of the reference, ignoring case (“lyo-2019” finds “LYO-2019-014”).',
      }),
    ),
    campusId: Type.Optional(Uuid('Only learners of this campus.')),
    importId: Type.Optional(Uuid('Only learners written by this bulk import (`importId` of its report).')),
    sort: Type.Optional(
      StringEnum(learnerSorts, { description: 'Sort field; a leading `-` sorts descending.', default: 'reference' }),
    ),
  },
  { additionalProperties: false },
)

export const LearnerPage = Page(ref(Learner), 'LearnerPage', 'A page of learners.', [learnerPageExample])

/** Named schemas of this resource, registered with Fastify and published in the contract. */
export const learnersSchemas = [Learner, LearnerCreate, LearnerUpdate, LearnerPage]

export type Learner = Static<typeof Learner>
export type LearnerCreate = Static<typeof LearnerCreate>
export type LearnerUpdate = Static<typeof LearnerUpdate>
export type LearnerListQuery = Static<typeof LearnerListQuery>
export type LearnerSort = (typeof learnerSorts)[number]

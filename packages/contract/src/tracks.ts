import Type, { type Static } from 'typebox'
import { Uuid, provenance, resourceMeta } from './common/ids.js'
import { Nullable, StringEnum, ref } from './common/schema.js'
import { Page, paginationQuery } from './common/pagination.js'
import { trackComponents } from './common/enums.js'
import { trackExample, trackPageExample } from './examples.js'

const name = Type.String({
  minLength: 1,
  maxLength: 200,
  description: 'The track name as the network uses it (parcours, formation).',
  examples: ['Câbleur raccordeur réseaux fibre optique et FTTH'],
})
const hours = Type.Integer({
  minimum: 1,
  maximum: 5000,
  description: 'Training hours of one run of the track, all components included.',
  examples: [250],
})
const components = Type.Array(StringEnum(trackComponents, { description: 'A part of the training.' }), {
  minItems: 1,
  maxItems: trackComponents.length,
  uniqueItems: true,
  description:
    'What the training combines: `remedial_basics` (remise à niveau), `driving_licence` (permis de conduire), `technical_platform` (plateau technique), `internship` (stage en entreprise). Each at most once; answered in that order.',
  examples: [['remedial_basics', 'driving_licence', 'technical_platform', 'internship']],
})

export const TrackCertification = Type.Object(
  {
    rncpCode: Type.String({
      pattern: '^RNCP[0-9]{3,6}$',
      description: 'Code of the certification in the Répertoire national des certifications professionnelles.',
      examples: ['RNCP36873'],
    }),
    level: Type.Integer({
      minimum: 1,
      maximum: 8,
      description:
        'Level on the French national framework of professional certifications (décret 2019-14: 1 to 8; level 3 is CAP, 4 baccalauréat, 5 BTS). RNCP titles are in practice at levels 3 to 8.',
      examples: [3],
    }),
    title: Type.String({
      minLength: 1,
      maxLength: 300,
      description: 'The certification title as registered.',
      examples: ['Câbleur raccordeur réseaux fibre optique et FTTH'],
    }),
  },
  {
    $id: 'TrackCertification',
    description: 'The RNCP certification a track prepares for.',
    additionalProperties: false,
  },
)

export const Track = Type.Object(
  {
    id: Uuid('Track id.'),
    name,
    hours,
    components,
    certification: Nullable(ref(TrackCertification), {
      description: 'The certification the track prepares for, or null when it leads to none.',
    }),
    provenance,
    ...resourceMeta,
  },
  {
    $id: 'Track',
    examples: [trackExample],
    description: 'A training track (parcours, formation): what a cohort follows.',
    additionalProperties: false,
  },
)

export const TrackCreate = Type.Object(
  {
    name,
    hours,
    components,
    certification: Type.Optional(
      Nullable(ref(TrackCertification), { description: 'The certification prepared for; absent or null for none.' }),
    ),
  },
  {
    $id: 'TrackCreate',
    description: 'A new track.',
    additionalProperties: false,
    examples: [
      {
        name: 'Câbleur raccordeur réseaux fibre optique et FTTH',
        hours: 250,
        components: ['remedial_basics', 'driving_licence', 'technical_platform', 'internship'],
        certification: { rncpCode: 'RNCP36873', level: 3, title: 'Câbleur raccordeur réseaux fibre optique et FTTH' },
      },
    ],
  },
)

export const TrackUpdate = Type.Object(
  {
    name: Type.Optional(name),
    hours: Type.Optional(hours),
    components: Type.Optional(components),
    certification: Type.Optional(
      Nullable(ref(TrackCertification), { description: 'Replaces the certification as a whole; null removes it.' }),
    ),
  },
  {
    $id: 'TrackUpdate',
    description: 'Fields to change; absent fields stay as they are, null clears the certification.',
    additionalProperties: false,
    minProperties: 1,
    examples: [{ hours: 400 }],
  },
)

export const trackSorts = ['name', '-name', 'createdAt', '-createdAt'] as const

export const TrackListQuery = Type.Object(
  {
    ...paginationQuery,
    q: Type.Optional(
      Type.String({
        minLength: 1,
        maxLength: 100,
        description: 'Search in the name and RNCP code, ignoring case and accents (“cableur” finds “Câbleur…”).',
      }),
    ),
    component: Type.Optional(StringEnum(trackComponents, { description: 'Only tracks including this component.' })),
    rncpCode: Type.Optional(
      Type.String({
        pattern: '^RNCP[0-9]{3,6}$',
        description: 'Only tracks preparing for this certification.',
        examples: ['RNCP36873'],
      }),
    ),
    sort: Type.Optional(
      StringEnum(trackSorts, { description: 'Sort field; a leading `-` sorts descending.', default: 'name' }),
    ),
  },
  { additionalProperties: false },
)

export const TrackPage = Page(ref(Track), 'TrackPage', 'A page of tracks.', [trackPageExample])

/** Named schemas of this resource, registered with Fastify and published in the contract. */
export const tracksSchemas = [TrackCertification, Track, TrackCreate, TrackUpdate, TrackPage]

export type TrackCertification = Static<typeof TrackCertification>
export type Track = Static<typeof Track>
export type TrackCreate = Static<typeof TrackCreate>
export type TrackUpdate = Static<typeof TrackUpdate>
export type TrackListQuery = Static<typeof TrackListQuery>
export type TrackSort = (typeof trackSorts)[number]

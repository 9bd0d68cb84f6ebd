/**
 * Examples of the API's answers, attached to the schemas (`examples`) so that they land in the
 * contract and its interactive docs. Taken from a demonstration database (provenance `demo`:
 * not real people) and shortened to one or two items a list; secrets are replaced by values that
 * are obviously examples. services/api/test/examples.test.ts checks each against its schema.
 */

export const campusExample = {
  id: '715054bc-4cb0-41fa-8001-e18f0d7f5188',
  name: 'Plombiers du numérique Lyon',
  inseeCode: '69123',
  commune: 'Lyon',
  departmentCode: '69',
  departmentName: 'Rhône',
  regionCode: '84',
  regionName: 'Auvergne-Rhône-Alpes',
  latitude: 45.764,
  longitude: 4.8357,
  status: 'open',
  openingDate: null,
  yearlyCapacity: 45,
  provenance: 'source_article',
  createdAt: '2026-11-28T18:29:18.140Z',
  updatedAt: '2026-11-28T18:29:18.140Z',
  version: 1,
}

export const organisationExample = {
  id: 'a193cbb6-6e66-487b-b05e-3599b806b618',
  name: 'Telenco',
  kind: 'other',
  siren: null,
  website: null,
  provenance: 'source_article',
  createdAt: '2026-11-28T18:29:15.977Z',
  updatedAt: '2026-11-28T18:29:15.977Z',
  version: 1,
}

export const membershipExample = {
  id: '0ddb71d6-93e2-4df9-be28-20dc6ac1d190',
  campus: {
    id: '715054bc-4cb0-41fa-8001-e18f0d7f5188',
    name: 'Plombiers du numérique Lyon',
    commune: 'Lyon',
  },
  organisation: {
    id: 'aee0c29a-5367-454f-88a3-535dd9658afb',
    name: 'École de la Deuxième Chance de Lyon',
    kind: 'e2c',
  },
  roles: ['carrier'],
  validFrom: '2018-10-01',
  validTo: null,
  provenance: 'source_article',
  createdAt: '2026-11-28T18:29:18.433Z',
  updatedAt: '2026-11-28T18:29:18.433Z',
  version: 1,
}

export const trackExample = {
  id: '2aab619b-c64e-4a2c-8378-bb24a2225729',
  name: 'Câbleur raccordeur réseaux fibre optique et FTTH',
  hours: 250,
  components: ['remedial_basics', 'driving_licence'],
  certification: {
    rncpCode: 'RNCP36873',
    level: 3,
    title: 'Câbleur raccordeur réseaux fibre optique et FTTH',
  },
  provenance: 'demo',
  createdAt: '2026-11-28T18:29:19.872Z',
  updatedAt: '2026-11-28T18:29:19.872Z',
  version: 1,
}

export const cohortExample = {
  id: '8b9706b7-49d8-4f45-a3af-c5afccafd772',
  campusId: '715054bc-4cb0-41fa-8001-e18f0d7f5188',
  trackId: '2aab619b-c64e-4a2c-8378-bb24a2225729',
  campus: {
    id: '715054bc-4cb0-41fa-8001-e18f0d7f5188',
    name: 'Plombiers du numérique Lyon',
    commune: 'Lyon',
  },
  track: {
    id: '2aab619b-c64e-4a2c-8378-bb24a2225729',
    name: 'Câbleur raccordeur réseaux fibre optique et FTTH',
  },
  name: 'LYO 2026-3',
  startDate: '2026-09-07',
  endDate: '2026-12-04',
  plannedSeats: 14,
  juryDate: '2026-08-24',
  status: 'in_training',
  provenance: 'demo',
  createdAt: '2026-11-28T18:29:19.872Z',
  updatedAt: '2026-11-28T18:29:19.872Z',
  version: 1,
}

export const learnerExample = {
  id: 'cfaafbd3-ea01-41a1-bb93-ce767da58f4d',
  campusId: '715054bc-4cb0-41fa-8001-e18f0d7f5188',
  reference: 'LYO-2018-001',
  birthYear: 1993,
  sex: 'male',
  qpvResident: false,
  qpvListVersion: '2015',
  diplomaAtEntry: 'cap_bep',
  monthsOutOfSchool: 11,
  neetAtEntry: true,
  referrer: 'mission_locale',
  drivingLicenceAtEntry: false,
  provenance: 'demo',
  importId: null,
  createdAt: '2026-11-28T18:29:19.872Z',
  updatedAt: '2026-11-28T18:29:19.872Z',
  version: 1,
}

export const enrolmentExample = {
  id: 'a993821d-02fc-42e2-94c2-ea15da3a99c2',
  learnerId: 'b29c6dab-12b5-45f0-b270-e663e4ed36c6',
  cohortId: 'c51e1d6a-75c7-4f1b-b936-928a6019b7b5',
  learner: {
    id: 'b29c6dab-12b5-45f0-b270-e663e4ed36c6',
    reference: 'LYO-2018-005',
    birthYear: 1999,
  },
  cohort: {
    id: 'c51e1d6a-75c7-4f1b-b936-928a6019b7b5',
    name: 'LYO 2018-3',
    campusId: '715054bc-4cb0-41fa-8001-e18f0d7f5188',
    startDate: '2018-09-03',
    endDate: '2018-11-30',
    status: 'completed',
  },
  stage: 'completed',
  nextStages: [],
  appliedOn: '2018-07-07',
  stageChangedOn: '2018-11-30',
  integrationConfirmedOn: '2018-09-17',
  exitDate: '2018-11-30',
  exitReason: 'completed',
  exclusionReason: null,
  certificationObtained: false,
  drivingLicenceObtained: false,
  provenance: 'demo',
  importId: null,
  createdAt: '2026-11-28T18:29:19.872Z',
  updatedAt: '2026-11-28T18:29:19.872Z',
  version: 1,
}

export const userExample = {
  id: '02b1b404-a3a1-4774-ac10-43217f3174b2',
  email: 'responsable.lyon@plombiers.example',
  displayName: 'Responsable Lyon',
  role: 'campus_staff',
  campusIds: ['715054bc-4cb0-41fa-8001-e18f0d7f5188'],
  disabled: false,
  disabledAt: null,
  passwordChangedAt: null,
  createdAt: '2026-11-28T18:29:37.988Z',
  updatedAt: '2026-11-28T18:29:37.988Z',
  version: 1,
}

export const apiKeyExample = {
  id: 'b83f6dfb-dd8e-48a1-b652-d6905db855c9',
  name: 'Telenco : embauches de stagiaires',
  organisationId: 'a193cbb6-6e66-487b-b05e-3599b806b618',
  prefix: 'trj_90bq5lty',
  scopes: ['outcomes:write'],
  campusIds: ['715054bc-4cb0-41fa-8001-e18f0d7f5188'],
  networkWide: false,
  status: 'active',
  expiresAt: '2027-11-28T00:00:00.000Z',
  lastUsedAt: null,
  revokedAt: null,
  createdBy: '29bd98eb-b149-4000-9058-6b689f033199',
  createdAt: '2026-11-28T18:29:37.652Z',
}

export const metricDefinitionExample = {
  id: 'r_positive',
  version: 1,
  latest: true,
  name: {
    fr: 'Taux de sorties positives',
    en: 'Positive exit rate',
  },
  description: {
    fr: '(Emploi + alternance + formation qualifiante) ÷ base, au point de suivi : le « 80 % » du réseau, au sens des Écoles de la deuxième chance. Une personne sans observation au point de suivi compte comme non placée.',
    en: "(Employed + work-study + qualifying training) ÷ basis at the checkpoint: the network's “80%”, in the E2C network's sense. A person with no observation at the checkpoint counts as not placed.",
  },
  target: 0.8,
  definition: {
    population: {
      unit: 'enrolment',
      members:
        'Enrolments whose integration was confirmed (integrationConfirmedOn set: past the trial period) and that have an exit date; dropouts included.',
      period: 'The exit date: exitYear, or exitFrom/exitTo (inclusive), select members by it.',
    },
    bases: {
      entrants: {
        exitReasons: null,
        description: 'Every member of the population, whatever the exit reason: the honest default.',
      },
      completers: {
        exitReasons: ['completed'],
        description: 'Only members whose exit reason is `completed`.',
      },
    },
    defaultBasis: 'entrants',
    excluded: {
      exitReasons: ['excluded'],
      description:
        'Members whose exit reason is `excluded` (moved away, long illness, deceased, incarcerated) leave both numerator and denominator; they are counted in `excluded`.',
    },
    checkpoints: {
      exit: {
        dueMonths: 0,
        window: {
          from: {
            months: 0,
            days: 0,
          },
          to: {
            months: 0,
            days: 45,
          },
        },
      },
      m6: {
        dueMonths: 6,
        window: {
          from: {
            months: 4,
            days: 0,
          },
          to: {
            months: 8,
            days: 0,
          },
        },
      },
      m12: {
        dueMonths: 12,
        window: {
          from: {
            months: 10,
            days: 0,
          },
          to: {
            months: 14,
            days: 0,
          },
        },
      },
    },
    defaultCheckpoint: 'm6',
    observation: {
      asOf: 'Observations recorded at or before asOf and not superseded by an observation recorded at or before asOf.',
      window:
        'observedOn between exit + window.from and exit + window.to (inclusive; calendar months first, then days).',
      uninformativeSituations: ['unreachable'],
      openEndedContracts: ['cdi', 'cdi_interim', 'civil_service'],
      order: [
        'informative_first',
        'nearest_to_due_date',
        'open_ended_contract_first',
        'longest_contract_first',
        'latest_recorded_first',
        'greatest_id_first',
      ],
    },
    categories: [
      {
        category: 'employed_lasting',
        situations: ['employed'],
        contractTypes: ['cdi', 'cdi_interim', 'civil_service'],
        minContractMonths: null,
      },
      {
        category: 'employed_lasting',
        situations: ['employed'],
        contractTypes: ['cdd', 'temp_agency', 'subsidised'],
        minContractMonths: 6,
      },
      {
        category: 'employed_other',
        situations: ['employed'],
        contractTypes: null,
        minContractMonths: null,
      },
      {
        category: 'work_study',
        situations: ['work_study'],
        contractTypes: null,
        minContractMonths: null,
      },
      {
        category: 'qualifying_training',
        situations: ['qualifying_training'],
        contractTypes: null,
        minContractMonths: null,
      },
      {
        category: 'job_seeking',
        situations: ['job_seeking'],
        contractTypes: null,
        minContractMonths: null,
      },
      {
        category: 'inactive',
        situations: ['inactive'],
        contractTypes: null,
        minContractMonths: null,
      },
      {
        category: 'unknown',
        situations: ['unreachable'],
        contractTypes: null,
        minContractMonths: null,
      },
    ],
    categoryWithoutObservation: 'unknown',
    numerator: ['employed_lasting', 'employed_other', 'work_study', 'qualifying_training'],
    removedFromDenominator: [],
    unknown: {
      categories: ['unknown'],
      headline: 'not_placed',
      bounds: 'allUnknownPlaced counts every unknown person as placed: (numerator + unknown) ÷ denominator.',
    },
    interval: {
      method: 'wilson',
      confidence: 0.95,
      z: 1.959964,
    },
    maturity: {
      graceDays: 30,
      description:
        'Provisional until every member not excluded is past its checkpoint due date (exit + dueMonths) plus graceDays on the asOf day (UTC); coverage is the share that is.',
    },
    suppression: {
      appliesTo: 'Every caller but network staff.',
      minDenominator: 20,
      smallCell: {
        min: 1,
        max: 4,
        counts: 'population',
      },
      complementary:
        'In every line of a breakdown (each dimension, and each row and column of a two-dimensional one), hidden cells are never alone and never all at a bound: the next smallest cells are hidden too, so that no hidden value can be worked out by subtracting from the total.',
    },
    decimals: 4,
  },
  publishedAt: '2026-11-28T18:28:46.996Z',
}

export const campusPageExample = { items: [campusExample], nextCursor: 'eyJrIjoiZXhhbXBsZSIsImlkIjoiMCJ9' }

export const organisationPageExample = { items: [organisationExample], nextCursor: 'eyJrIjoiZXhhbXBsZSIsImlkIjoiMCJ9' }

export const trackPageExample = { items: [trackExample], nextCursor: 'eyJrIjoiZXhhbXBsZSIsImlkIjoiMCJ9' }

export const cohortPageExample = { items: [cohortExample], nextCursor: 'eyJrIjoiZXhhbXBsZSIsImlkIjoiMCJ9' }

export const learnerPageExample = { items: [learnerExample], nextCursor: 'eyJrIjoiZXhhbXBsZSIsImlkIjoiMCJ9' }

export const enrolmentPageExample = { items: [enrolmentExample], nextCursor: 'eyJrIjoiZXhhbXBsZSIsImlkIjoiMCJ9' }

export const userPageExample = { items: [userExample], nextCursor: null }

export const apiKeyPageExample = { items: [apiKeyExample], nextCursor: null }

export const membershipListExample = { items: [membershipExample] }

export const metricDefinitionListExample = { items: [metricDefinitionExample] }

export const consortiumExample = {
  campusId: '715054bc-4cb0-41fa-8001-e18f0d7f5188',
  asOf: '2019-01-01',
  members: [
    {
      id: '0ddb71d6-93e2-4df9-be28-20dc6ac1d190',
      campus: {
        id: '715054bc-4cb0-41fa-8001-e18f0d7f5188',
        name: 'Plombiers du numérique Lyon',
        commune: 'Lyon',
      },
      organisation: {
        id: 'aee0c29a-5367-454f-88a3-535dd9658afb',
        name: 'École de la Deuxième Chance de Lyon',
        kind: 'e2c',
      },
      roles: ['carrier'],
      validFrom: '2018-10-01',
      validTo: null,
      provenance: 'source_article',
      createdAt: '2026-11-28T18:29:18.433Z',
      updatedAt: '2026-11-28T18:29:18.433Z',
      version: 1,
    },
  ],
}

export const apiKeyCreatedExample = { ...apiKeyExample, key: 'trj_90bq5lty_ExampleSecretShownOnceAndNeverStored0000' }

export const userCreatedExample = { ...userExample, initialPassword: 'exemple-de-mot-de-passe-genere' }

export const authSessionExample = {
  authenticated: true,
  user: {
    id: '29bd98eb-b149-4000-9058-6b689f033199',
    email: 'admin@plombiers.example',
    displayName: 'Camille Admin',
    role: 'network_admin',
    campusIds: [],
    disabled: false,
    disabledAt: null,
    passwordChangedAt: null,
    createdAt: '2026-11-28T18:29:32.659Z',
    updatedAt: '2026-11-28T18:29:32.659Z',
    version: 1,
  },
  csrfToken: 'Zm9yLWV4YW1wbGUtb25seS1ub3QtYS1yZWFsLXRva2Vu',
  expiresAt: '2026-11-29T06:29:32.854Z',
}

export const principalExample = {
  kind: 'user',
  user: {
    id: '29bd98eb-b149-4000-9058-6b689f033199',
    email: 'admin@plombiers.example',
    displayName: 'Camille Admin',
    role: 'network_admin',
    campusIds: [],
    disabled: false,
    disabledAt: null,
    passwordChangedAt: null,
    createdAt: '2026-11-28T18:29:32.659Z',
    updatedAt: '2026-11-28T18:29:32.659Z',
    version: 1,
  },
  apiKey: null,
  campusIds: null,
}

export const enrolmentStageHistoryExample = {
  enrolmentId: 'a993821d-02fc-42e2-94c2-ea15da3a99c2',
  items: [
    {
      id: '2f3f05c5-ddb0-460d-9573-d4178f570550',
      fromStage: null,
      toStage: 'applied',
      on: '2018-07-07',
      recordedAt: '2026-11-28T18:29:19.872Z',
    },
    {
      id: '40c00a61-f652-4dfb-875f-166f600be83a',
      fromStage: 'applied',
      toStage: 'enrolled',
      on: '2018-08-20',
      recordedAt: '2026-11-28T18:29:19.872Z',
    },
  ],
}

export const outcomeObservationHistoryExample = {
  enrolmentId: 'a993821d-02fc-42e2-94c2-ea15da3a99c2',
  exitDate: '2018-11-30',
  asOf: '2026-11-28T18:29:34.753Z',
  windows: {
    exit: {
      from: '2018-11-30',
      to: '2019-01-14',
    },
    m6: {
      from: '2019-03-30',
      to: '2019-07-30',
    },
    m12: {
      from: '2019-09-30',
      to: '2020-01-30',
    },
  },
  items: [
    {
      id: 'aa32fb67-7ee4-4d12-8e24-1701b437091b',
      enrolmentId: 'a993821d-02fc-42e2-94c2-ea15da3a99c2',
      checkpoint: 'exit',
      observedOn: '2018-12-15',
      situation: 'employed',
      contractType: 'cdd',
      contractMonths: 10,
      employerOrganisationId: null,
      inFibreSector: false,
      startedOn: null,
      source: 'partner_report',
      supersedes: null,
      supersededBy: '3e924c55-4d3b-45c1-8bd9-85c61c459b2a',
      current: false,
      provenance: 'demo',
      importId: null,
      recordedAt: '2018-12-18T10:00:00.000Z',
    },
    {
      id: '3e924c55-4d3b-45c1-8bd9-85c61c459b2a',
      enrolmentId: 'a993821d-02fc-42e2-94c2-ea15da3a99c2',
      checkpoint: 'exit',
      observedOn: '2018-12-15',
      situation: 'job_seeking',
      contractType: null,
      contractMonths: null,
      employerOrganisationId: null,
      inFibreSector: null,
      startedOn: null,
      source: 'document',
      supersedes: 'aa32fb67-7ee4-4d12-8e24-1701b437091b',
      supersededBy: null,
      current: true,
      provenance: 'demo',
      importId: null,
      recordedAt: '2019-01-24T10:00:00.000Z',
    },
  ],
  current: {
    exit: {
      id: '3e924c55-4d3b-45c1-8bd9-85c61c459b2a',
      enrolmentId: 'a993821d-02fc-42e2-94c2-ea15da3a99c2',
      checkpoint: 'exit',
      observedOn: '2018-12-15',
      situation: 'job_seeking',
      contractType: null,
      contractMonths: null,
      employerOrganisationId: null,
      inFibreSector: null,
      startedOn: null,
      source: 'document',
      supersedes: 'aa32fb67-7ee4-4d12-8e24-1701b437091b',
      supersededBy: null,
      current: true,
      provenance: 'demo',
      importId: null,
      recordedAt: '2019-01-24T10:00:00.000Z',
    },
    m6: {
      id: '3beb9384-ce7d-4121-988d-13e83e79d462',
      enrolmentId: 'a993821d-02fc-42e2-94c2-ea15da3a99c2',
      checkpoint: 'm6',
      observedOn: '2019-05-27',
      situation: 'job_seeking',
      contractType: null,
      contractMonths: null,
      employerOrganisationId: null,
      inFibreSector: null,
      startedOn: null,
      source: 'partner_report',
      supersedes: null,
      supersededBy: null,
      current: true,
      provenance: 'demo',
      importId: null,
      recordedAt: '2019-05-30T10:00:00.000Z',
    },
    m12: {
      id: '6c60a370-c8eb-4748-886a-540ee0c02fb1',
      enrolmentId: 'a993821d-02fc-42e2-94c2-ea15da3a99c2',
      checkpoint: 'm12',
      observedOn: '2019-11-26',
      situation: 'work_study',
      contractType: 'professionalisation',
      contractMonths: 17,
      employerOrganisationId: null,
      inFibreSector: true,
      startedOn: null,
      source: 'self_declared',
      supersedes: null,
      supersededBy: null,
      current: true,
      provenance: 'demo',
      importId: null,
      recordedAt: '2019-11-29T10:00:00.000Z',
    },
  },
}

export const followUpPageExample = {
  items: [
    {
      enrolmentId: '74166cab-76e0-4a5d-ab3b-326828b15157',
      learner: {
        id: 'd5ffa961-bbd9-46af-b24a-e522e6a9886e',
        reference: 'CHE-2017-008',
      },
      campus: {
        id: '0fdd2d6f-3d02-4d78-a97b-22bd1c5e94e9',
        name: 'Plombiers du numérique Chelles',
      },
      cohort: {
        id: '077269ba-cf60-4708-8785-2eee699d66ee',
        name: 'CHE 2017-3',
      },
      checkpoint: 'm6',
      exitDate: '2017-11-28',
      dueOn: '2018-05-28',
      daysOverdue: 3106,
      window: {
        from: '2018-03-28',
        to: '2018-07-28',
      },
      windowClosed: true,
    },
  ],
  nextCursor: 'eyJ2IjoiMjAxOC0wNS0yOC9tNiIsImlkIjoiNzQxNjZjYWItNzZlMC00YTVkLWFiM2ItMzI2ODI4YjE1MTU3In0',
}

export const placementResultExample = {
  metric: {
    id: 'r_positive',
    version: 1,
  },
  basis: 'entrants',
  checkpoint: 'm6',
  asOf: '2026-11-28T18:29:35.992Z',
  filters: {
    campusId: null,
    cohortId: null,
    exitYear: null,
    exitFrom: null,
    exitTo: null,
    groupBy: ['exitYear'],
  },
  total: {
    population: 2051,
    excluded: 19,
    denominator: 2032,
    numerator: 1268,
    unknown: 472,
    responseRate: 0.7677,
    rate: 0.624,
    ci95: {
      low: 0.6027,
      high: 0.6448,
    },
    bounds: {
      noUnknownPlaced: 0.624,
      allUnknownPlaced: 0.8563,
    },
    maturity: 'provisional',
    coverage: 0.9473,
    suppressed: false,
    suppressionReason: null,
    target: 0.8,
    gapToTarget: -0.176,
  },
  groups: [
    {
      key: {
        exitYear: 2017,
      },
      labels: {
        exitYear: '2017',
      },
      population: 13,
      excluded: 0,
      denominator: 13,
      numerator: null,
      unknown: null,
      responseRate: null,
      rate: null,
      ci95: null,
      bounds: null,
      maturity: 'final',
      coverage: 1,
      suppressed: true,
      suppressionReason: 'small_denominator',
      target: 0.8,
      gapToTarget: null,
    },
    {
      key: {
        exitYear: 2018,
      },
      labels: {
        exitYear: '2018',
      },
      population: 127,
      excluded: 2,
      denominator: 125,
      numerator: null,
      unknown: null,
      responseRate: null,
      rate: null,
      ci95: null,
      bounds: null,
      maturity: 'final',
      coverage: 1,
      suppressed: true,
      suppressionReason: 'complementary',
      target: 0.8,
      gapToTarget: null,
    },
  ],
}

export const statsFunnelExample = {
  asOf: '2026-11-28T18:29:36.828Z',
  filters: {
    campusId: '715054bc-4cb0-41fa-8001-e18f0d7f5188',
    year: null,
  },
  total: {
    applied: 449,
    pastJury: 394,
    enrolled: 348,
    integrationConfirmed: 343,
    completed: 307,
    positiveAtM6: 217,
    suppressed: false,
  },
  groups: [
    {
      key: {
        campus: '715054bc-4cb0-41fa-8001-e18f0d7f5188',
        year: 2018,
      },
      labels: {
        campus: 'Plombiers du numérique Lyon',
      },
      applied: 17,
      pastJury: 14,
      enrolled: 14,
      integrationConfirmed: 14,
      completed: 14,
      positiveAtM6: null,
      suppressed: true,
    },
    {
      key: {
        campus: '715054bc-4cb0-41fa-8001-e18f0d7f5188',
        year: 2019,
      },
      labels: {
        campus: 'Plombiers du numérique Lyon',
      },
      applied: 57,
      pastJury: 51,
      enrolled: 45,
      integrationConfirmed: 43,
      completed: 41,
      positiveAtM6: 32,
      suppressed: false,
    },
  ],
}

export const snapshotExample = {
  id: 'c38ccaa2-bae6-45a3-bd3e-c4225aaf769c',
  label: 'Taux de sorties positives, sortants 2019',
  metric: {
    id: 'r_positive',
    version: 1,
  },
  query: {
    metric: 'r_positive',
    metricVersion: 1,
    basis: 'entrants',
    checkpoint: 'm6',
    exitYear: 2019,
  },
  asOf: '2026-11-28T18:29:36.923Z',
  result: {
    metric: {
      id: 'r_positive',
      version: 1,
    },
    basis: 'entrants',
    checkpoint: 'm6',
    asOf: '2026-11-28T18:29:36.923Z',
    filters: {
      campusId: null,
      cohortId: null,
      exitYear: 2019,
      exitFrom: '2019-01-01',
      exitTo: '2019-12-31',
      groupBy: [],
    },
    total: {
      population: 230,
      excluded: 3,
      denominator: 227,
      numerator: 142,
      unknown: 49,
      responseRate: 0.7841,
      rate: 0.6256,
      ci95: {
        low: 0.561,
        high: 0.6859,
      },
      bounds: {
        noUnknownPlaced: 0.6256,
        allUnknownPlaced: 0.8414,
      },
      maturity: 'final',
      coverage: 1,
      suppressed: false,
      suppressionReason: null,
      target: 0.8,
      gapToTarget: -0.1744,
    },
    groups: [],
  },
  createdAt: '2026-11-28T18:29:37.003Z',
}

export const snapshotCheckExample = {
  id: 'c38ccaa2-bae6-45a3-bd3e-c4225aaf769c',
  label: 'Taux de sorties positives, sortants 2019',
  metric: {
    id: 'r_positive',
    version: 1,
  },
  query: {
    metric: 'r_positive',
    metricVersion: 1,
    basis: 'entrants',
    checkpoint: 'm6',
    exitYear: 2019,
  },
  asOf: '2026-11-28T18:29:36.923Z',
  result: {
    metric: {
      id: 'r_positive',
      version: 1,
    },
    basis: 'entrants',
    checkpoint: 'm6',
    asOf: '2026-11-28T18:29:36.923Z',
    filters: {
      campusId: null,
      cohortId: null,
      exitYear: 2019,
      exitFrom: '2019-01-01',
      exitTo: '2019-12-31',
      groupBy: [],
    },
    total: {
      population: 230,
      excluded: 3,
      denominator: 227,
      numerator: 142,
      unknown: 49,
      responseRate: 0.7841,
      rate: 0.6256,
      ci95: {
        low: 0.561,
        high: 0.6859,
      },
      bounds: {
        noUnknownPlaced: 0.6256,
        allUnknownPlaced: 0.8414,
      },
      maturity: 'final',
      coverage: 1,
      suppressed: false,
      suppressionReason: null,
      target: 0.8,
      gapToTarget: -0.1744,
    },
    groups: [],
  },
  createdAt: '2026-11-28T18:29:37.003Z',
  recomputed: {
    metric: {
      id: 'r_positive',
      version: 1,
    },
    basis: 'entrants',
    checkpoint: 'm6',
    asOf: '2026-11-28T18:29:36.923Z',
    filters: {
      campusId: null,
      cohortId: null,
      exitYear: 2019,
      exitFrom: '2019-01-01',
      exitTo: '2019-12-31',
      groupBy: [],
    },
    total: {
      population: 230,
      excluded: 3,
      denominator: 227,
      numerator: 142,
      unknown: 49,
      responseRate: 0.7841,
      rate: 0.6256,
      ci95: {
        low: 0.561,
        high: 0.6859,
      },
      bounds: {
        noUnknownPlaced: 0.6256,
        allUnknownPlaced: 0.8414,
      },
      maturity: 'final',
      coverage: 1,
      suppressed: false,
      suppressionReason: null,
      target: 0.8,
      gapToTarget: -0.1744,
    },
    groups: [],
  },
  matches: true,
  differences: [],
}

export const auditEventPageExample = {
  items: [
    {
      id: '39',
      occurredAt: '2026-11-28T18:29:37.988Z',
      actorType: 'user',
      actorId: '29bd98eb-b149-4000-9058-6b689f033199',
      actorLabel: 'admin@plombiers.example',
      requestId: '3c3c7a74-ba2d-4461-9186-4d2cc1767139',
      action: 'create',
      resourceType: 'user',
      resourceId: '02b1b404-a3a1-4774-ac10-43217f3174b2',
      campusId: null,
      changes: {
        after: {
          id: '02b1b404-a3a1-4774-ac10-43217f3174b2',
          role: 'campus_staff',
          email: 'responsable.lyon@plombiers.example',
          disabled: false,
          campusIds: ['715054bc-4cb0-41fa-8001-e18f0d7f5188'],
          disabledAt: null,
          displayName: 'Responsable Lyon',
          passwordChangedAt: '[redacted]',
        },
      },
      ip: '127.0.0.1',
    },
  ],
  nextCursor: 'Mzk',
}

export const healthExample = {
  status: 'ok',
  uptimeSeconds: 3600,
}

export const readinessExample = {
  status: 'ready',
  checks: {
    database: 'ok',
    migrations: 'ok',
  },
  databaseKind: 'pglite',
}

export const importReportExample = {
  kind: 'enrolments',
  format: 'csv',
  dryRun: true,
  committed: false,
  rows: 1,
  validRows: 1,
  invalidRows: 0,
  written: {
    learners: 0,
    enrolments: 0,
  },
  wouldWrite: {
    learners: 1,
    enrolments: 1,
  },
  importId: null,
  skipped: [],
  skippedRows: 0,
  errors: [],
  errorsTruncated: false,
  durationMs: 242,
}

export const outcomeObservationExample = {
  id: 'aa32fb67-7ee4-4d12-8e24-1701b437091b',
  enrolmentId: 'a993821d-02fc-42e2-94c2-ea15da3a99c2',
  checkpoint: 'exit',
  observedOn: '2018-12-15',
  situation: 'employed',
  contractType: 'cdd',
  contractMonths: 10,
  employerOrganisationId: null,
  inFibreSector: false,
  startedOn: null,
  source: 'partner_report',
  supersedes: null,
  supersededBy: '3e924c55-4d3b-45c1-8bd9-85c61c459b2a',
  current: false,
  provenance: 'demo',
  importId: null,
  recordedAt: '2018-12-18T10:00:00.000Z',
}

export const snapshotListExample = { items: [snapshotExample], nextCursor: null }

export const statsOverviewExample = {
  asOf: '2026-11-28T18:29:36.460Z',
  metric: {
    id: 'r_positive',
    version: 1,
  },
  network: {
    campuses: {
      planned: 0,
      open: 6,
      closed: 0,
    },
    yearlyCapacity: 75,
    years: [
      {
        year: 2017,
        entrants: 13,
        completions: 12,
      },
      {
        year: 2018,
        entrants: 127,
        completions: 113,
      },
      {
        year: 2019,
        entrants: 245,
        completions: 214,
      },
    ],
    intake: {
      entrants: 2127,
      qpvResidents: 0.5543,
      noDiplomaAtEntry: 0.4283,
      neetAtEntry: 0.8514,
      women: 0.1462,
    },
    placement: {
      population: 2051,
      excluded: 19,
      denominator: 2032,
      numerator: 1268,
      unknown: 472,
      responseRate: 0.7677,
      rate: 0.624,
      ci95: {
        low: 0.6027,
        high: 0.6448,
      },
      bounds: {
        noUnknownPlaced: 0.624,
        allUnknownPlaced: 0.8563,
      },
      maturity: 'provisional',
      coverage: 0.9473,
      suppressed: false,
      suppressionReason: null,
      target: 0.8,
      gapToTarget: -0.176,
    },
  },
  campuses: [
    {
      campus: {
        id: '715054bc-4cb0-41fa-8001-e18f0d7f5188',
        name: 'Plombiers du numérique Lyon',
        status: 'open',
      },
      yearlyCapacity: 45,
      years: [
        {
          year: 2018,
          entrants: 14,
          completions: 14,
        },
        {
          year: 2019,
          entrants: 43,
          completions: 41,
        },
        {
          year: 2020,
          entrants: 40,
          completions: 38,
        },
      ],
      intake: {
        entrants: 343,
        qpvResidents: 0.5277,
        noDiplomaAtEntry: 0.4198,
        neetAtEntry: 0.895,
        women: 0.1662,
      },
      placement: {
        population: 331,
        excluded: 0,
        denominator: 331,
        numerator: 217,
        unknown: 76,
        responseRate: 0.7704,
        rate: 0.6556,
        ci95: {
          low: 0.6029,
          high: 0.7047,
        },
        bounds: {
          noUnknownPlaced: 0.6556,
          allUnknownPlaced: 0.8852,
        },
        maturity: 'provisional',
        coverage: 0.9486,
        suppressed: false,
        suppressionReason: null,
        target: 0.8,
        gapToTarget: -0.1444,
      },
    },
  ],
}

export const openDataPackageExample = {
  ...{
    profile: 'tabular-data-package',
    name: 'trajectoires-plombiers-du-numerique',
    title: 'Plombiers du numérique : insertion des apprenant·es et profil des entrées (données ouvertes)',
    description:
      'Agrégats publics du réseau des Plombiers du numérique (écoles de techniciens de la fibre optique), tenus dans Trajectoires : campus, entrées et formations achevées par année, profil des entrant·es, et taux de sorties positives à 6 mois (`r_positive`) par année de sortie, pour le réseau et par campus, avec leur intervalle de confiance à 95 %.\n\nChaque taux applique une définition versionnée (voir `metrics`) : numérateur, dénominateur, sorties neutralisées, fenêtre d’observation, traitement des situations inconnues (comptées comme non placées ; le taux si elles l’étaient toutes est donné).\n\nSecret statistique : un taux dont le dénominateur est inférieur à 20 est masqué, une case de 1 à 4 personnes l’est entièrement, et d’autres cases sont masquées pour qu’aucune valeur masquée ne puisse être retrouvée par soustraction. Une valeur masquée vaut `s` ; une case vide est une valeur qui n’existe pas. Ces fichiers sont toujours la vue publique, quel que soit le demandeur.\n\nLes chiffres sont recalculés à chaque modification des données (`dataVersion`) ; les années récentes sont provisoires (`maturity`) tant que les observations à 6 mois ne sont pas toutes échues.\n\nAttention : cette base contient des données de démonstration (origine `demo`), fictives. Les chiffres qui en découlent ne décrivent pas le réseau réel.',
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
      {
        title: 'Données de démonstration',
        description: 'Dossiers fictifs (origine `demo`) générés pour montrer l’application ; pas des faits.',
      },
    ],
    created: '2026-11-28T18:29:38.627Z',
    dataVersion: 21,
    view: 'public',
    metrics: [],
    irisPlus: [
      {
        code: 'PI3527',
        name: 'Job Placement Rate',
        resource: 'placement-network-year',
        fields: ['rate', 'numerator', 'denominator'],
        mapsFrom:
          'Indicateur `r_positive` (taux de sorties positives) à 6 mois après la sortie, base « entrant·es » : (emploi + alternance + formation qualifiante) ÷ (sortant·es de l’année dont l’intégration a été confirmée, abandons compris, hors sorties neutralisées). Par campus : ressource `placement-campus-year`.',
        differences:
          'IRIS+ compte les client·es placé·es en emploi (temps plein ou partiel, temporaire ou permanent) et ayant commencé à travailler pendant la période. Ici : l’alternance et la formation qualifiante comptent aussi comme sorties positives ; la situation est celle observée à 6 mois (fenêtre de 4 à 8 mois après la sortie) et non « pendant la période » ; la période est l’année de sortie ; les personnes sans réponse comptent comme non placées (le taux si toutes étaient placées est donné) ; l’unité est l’inscription, pas la personne. Pour un taux d’emploi au sens strict, voir l’indicateur `r_employment` de l’API.',
      },
      {
        code: 'PI2998',
        name: 'Individuals Trained',
        resource: 'flows-network-year',
        fields: ['completions', 'entrants'],
        mapsFrom:
          '`completions` : apprenant·es sorti·es au terme de la formation dans l’année (formation achevée). `entrants` donne celles et ceux qui l’ont commencée (intégration confirmée dans l’année). Par campus : ressource `flows-campus-year`.',
        differences:
          'IRIS+ compte les personnes formées pendant la période. Ici, `completions` ne compte que les formations menées à leur terme (les abandons, pourtant formés en partie, n’y sont pas ; ils sont dans `entrants`) ; l’unité est l’inscription (une personne inscrite deux fois compte deux fois) ; les valeurs de 1 à 4 sont masquées.',
      },
      {
        code: 'PI4060',
        name: 'Client Individuals: Total',
        resource: 'intake-campus',
        fields: ['entrants'],
        mapsFrom:
          '`entrants` : apprenant·es dont l’intégration a été confirmée, toutes années confondues, par campus ; par année : `entrants` de `flows-network-year`.',
        differences:
          'IRIS+ compte les personnes distinctes servies pendant la période. Ici : seules les personnes ayant passé la période d’essai sont comptées (les candidat·es, refusé·es par le jury ou parti·es pendant l’essai ne le sont pas) ; l’unité est l’inscription, pas la personne ; la période est l’année de confirmation de l’intégration.',
      },
    ],
    resources: [
      {
        name: 'placement-network-year',
        path: 'open-data/placement-network-year.csv',
        profile: 'tabular-data-resource',
        title: 'Sorties positives à 6 mois du réseau, par année de sortie',
        description:
          'Une ligne par année de sortie : le réseau entier, même indicateur et mêmes règles que `placement-campus-year`.',
        format: 'csv',
        mediatype: 'text/csv',
        encoding: 'utf-8',
        dialect: {
          delimiter: ',',
          lineTerminator: '\r\n',
          header: true,
        },
        schema: {
          fields: [
            {
              name: 'exit_year',
              title: 'Année de sortie',
              type: 'year',
              description: 'Année de la date de sortie.',
              constraints: {
                required: true,
                unique: true,
              },
            },
            {
              name: 'metric_id',
              title: 'Indicateur',
              type: 'string',
              description: 'Identifiant de la définition appliquée (voir `metrics` du descripteur).',
              constraints: {
                required: true,
              },
            },
            {
              name: 'metric_version',
              title: 'Version',
              type: 'integer',
              description: 'Version de la définition appliquée.',
              constraints: {
                required: true,
                minimum: 1,
              },
            },
            {
              name: 'population',
              title: 'Effectif',
              type: 'integer',
              description:
                'Sortant·es entré·es en formation (intégration confirmée) dont la date de sortie tombe dans l’année, exclu·es compris.',
              constraints: {
                minimum: 0,
              },
            },
            {
              name: 'excluded',
              title: 'Exclu·es',
              type: 'integer',
              description: 'Sorties neutralisées (déménagement, longue maladie, décès, incarcération).',
              constraints: {
                minimum: 0,
              },
            },
            {
              name: 'denominator',
              title: 'Dénominateur',
              type: 'integer',
              description: 'Effectif − exclu·es.',
              constraints: {
                minimum: 0,
              },
            },
            {
              name: 'numerator',
              title: 'Sorties positives',
              type: 'integer',
              description: 'En emploi, en alternance ou en formation qualifiante à 6 mois.',
              constraints: {
                minimum: 0,
              },
            },
            {
              name: 'unknown',
              title: 'Situation inconnue',
              type: 'integer',
              description: 'Sans observation utilisable à 6 mois (comptées comme non placées).',
              constraints: {
                minimum: 0,
              },
            },
            {
              name: 'response_rate',
              title: 'Taux de réponse',
              type: 'number',
              description: '(dénominateur − inconnu·es) ÷ dénominateur. Fraction de 0 à 1.',
              constraints: {
                minimum: 0,
                maximum: 1,
              },
            },
            {
              name: 'rate',
              title: 'Taux de sorties positives',
              type: 'number',
              description:
                'Sorties positives ÷ dénominateur, les inconnu·es comptant comme non placé·es. Fraction de 0 à 1.',
              constraints: {
                minimum: 0,
                maximum: 1,
              },
            },
            {
              name: 'ci95_low',
              title: 'IC 95 % bas',
              type: 'number',
              description: 'Borne basse de l’intervalle de Wilson à 95 %. Fraction de 0 à 1.',
              constraints: {
                minimum: 0,
                maximum: 1,
              },
            },
            {
              name: 'ci95_high',
              title: 'IC 95 % haut',
              type: 'number',
              description: 'Borne haute de l’intervalle de Wilson à 95 %. Fraction de 0 à 1.',
              constraints: {
                minimum: 0,
                maximum: 1,
              },
            },
            {
              name: 'rate_all_unknown_placed',
              title: 'Taux si inconnu·es placé·es',
              type: 'number',
              description: '(sorties positives + inconnu·es) ÷ dénominateur. Fraction de 0 à 1.',
              constraints: {
                minimum: 0,
                maximum: 1,
              },
            },
            {
              name: 'maturity',
              title: 'Maturité',
              type: 'string',
              description:
                '`provisional` tant qu’un membre n’a pas passé sa date d’observation + 30 jours, `final` ensuite.',
              constraints: {
                required: true,
                enum: ['provisional', 'final'],
              },
            },
            {
              name: 'coverage',
              title: 'Couverture',
              type: 'number',
              description: 'Part des membres ayant passé leur date d’observation + 30 jours. Fraction de 0 à 1.',
              constraints: {
                minimum: 0,
                maximum: 1,
              },
            },
            {
              name: 'suppressed',
              title: 'Secret statistique',
              type: 'boolean',
              description: 'Vrai quand des valeurs de la ligne sont masquées (petits effectifs) ; elles valent `s`.',
              constraints: {
                required: true,
              },
            },
            {
              name: 'suppression_reason',
              title: 'Motif du secret',
              type: 'string',
              description:
                '`small_cell` : 1 à 4 personnes (ou masquée pour qu’une telle case ne puisse pas être déduite) ; `small_denominator` : dénominateur sous 20 ; `complementary` : masquée pour qu’un autre taux masqué ne puisse pas être déduit par soustraction.',
              constraints: {
                enum: ['small_denominator', 'small_cell', 'complementary'],
              },
            },
            {
              name: 'gap_to_target',
              title: 'Écart à la cible',
              type: 'number',
              description: 'Taux − cible de l’indicateur (négatif : sous la cible).',
              constraints: {
                minimum: -1,
                maximum: 1,
              },
            },
          ],
          primaryKey: ['exit_year'],
          missingValues: ['', 's'],
        },
      },
    ],
  },
  metrics: [metricDefinitionExample],
}

export const internshipExample = {
  id: '5d0f3c1e-2a4b-4c8d-9e6f-7a8b9c0d1e2f',
  enrolmentId: 'a993821d-02fc-42e2-94c2-ea15da3a99c2',
  hostOrganisationId: 'a193cbb6-6e66-487b-b05e-3599b806b618',
  hostOrganisation: {
    id: 'a193cbb6-6e66-487b-b05e-3599b806b618',
    name: 'Telenco',
    kind: 'other',
  },
  startDate: '2018-10-29',
  endDate: '2018-11-23',
  ledToHire: true,
  provenance: 'demo',
  createdAt: '2026-11-28T18:29:19.872Z',
  updatedAt: '2026-11-28T18:29:19.872Z',
  version: 1,
}

export const internshipListExample = { items: [internshipExample] }

export const outcomeMixResultExample = {
  basis: 'entrants',
  checkpoint: 'm6',
  asOf: '2026-12-06T07:10:00.000Z',
  filters: {
    campusId: '715054bc-4cb0-41fa-8001-e18f0d7f5188',
    cohortId: null,
    exitYear: null,
    exitFrom: null,
    exitTo: null,
    groupBy: ['exitYear'],
  },
  total: {
    lasting: 94,
    otherEmployment: 51,
    workStudyTraining: 88,
    notPlaced: 60,
    unknown: 77,
    total: 370,
    suppressed: false,
  },
  groups: [
    {
      key: { exitYear: 2018 },
      labels: { exitYear: '2018' },
      lasting: 9,
      otherEmployment: 4,
      workStudyTraining: 17,
      notPlaced: 4,
      unknown: 11,
      total: 45,
      suppressed: false,
    },
    {
      key: { exitYear: 2019 },
      labels: { exitYear: '2019' },
      lasting: null,
      otherEmployment: null,
      workStudyTraining: null,
      notPlaced: null,
      unknown: null,
      total: 41,
      suppressed: true,
    },
  ],
  release: { id: 'r-1842-2026-12-06', builtAt: '2026-12-06T07:10:00.000Z' },
}

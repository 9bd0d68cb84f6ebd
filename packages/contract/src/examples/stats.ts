/** Examples of the API's answers: metric definitions, placement results, the funnel and the overview. */

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

export const metricDefinitionListExample = { items: [metricDefinitionExample] }

/** The network's placement figures, as the placement result and the overview give them. */
const networkPlacement = {
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
}

/** A final exit year whose figures are hidden from the caller: only its counts remain. */
function hiddenExitYear(group: { exitYear: number; population: number; excluded: number; suppressionReason: string }) {
  const { exitYear, population, excluded, suppressionReason } = group
  return {
    key: { exitYear },
    labels: { exitYear: String(exitYear) },
    population,
    excluded,
    denominator: population - excluded,
    numerator: null,
    unknown: null,
    responseRate: null,
    rate: null,
    ci95: null,
    bounds: null,
    maturity: 'final',
    coverage: 1,
    suppressed: true,
    suppressionReason,
    target: 0.8,
    gapToTarget: null,
  }
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
  total: networkPlacement,
  groups: [
    hiddenExitYear({ exitYear: 2017, population: 13, excluded: 0, suppressionReason: 'small_denominator' }),
    hiddenExitYear({ exitYear: 2018, population: 127, excluded: 2, suppressionReason: 'complementary' }),
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
    placement: networkPlacement,
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
    bands: [
      { parts: ['lasting'], count: 94 },
      { parts: ['otherEmployment'], count: 51 },
      { parts: ['workStudyTraining'], count: 88 },
      { parts: ['notPlaced'], count: 60 },
      { parts: ['unknown'], count: 77 },
    ],
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
      bands: [
        { parts: ['lasting'], count: 9 },
        { parts: ['otherEmployment'], count: 4 },
        { parts: ['workStudyTraining'], count: 17 },
        { parts: ['notPlaced'], count: 4 },
        { parts: ['unknown'], count: 11 },
      ],
    },
    {
      key: { exitYear: 2019 },
      labels: { exitYear: '2019' },
      lasting: null,
      otherEmployment: null,
      workStudyTraining: 12,
      notPlaced: null,
      unknown: null,
      total: 41,
      suppressed: true,
      bands: [
        { parts: ['lasting', 'otherEmployment'], count: 14 },
        { parts: ['workStudyTraining'], count: 12 },
        { parts: ['notPlaced', 'unknown'], count: 15 },
      ],
    },
  ],
  release: { id: 'r-1842-2026-12-06', builtAt: '2026-12-06T07:10:00.000Z' },
}

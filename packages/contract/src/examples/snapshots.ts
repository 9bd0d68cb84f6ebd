/** Examples of the API's answers: statistics snapshots and their check. */

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
  ...snapshotExample,
  recomputed: snapshotExample.result,
  matches: true,
  differences: [],
}

export const snapshotListExample = { items: [snapshotExample], nextCursor: null }

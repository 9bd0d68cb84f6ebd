/** Examples of the API's answers: tracks, cohorts, learners, enrolments (with their stage history) and internships. */

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

export const trackPageExample = { items: [trackExample], nextCursor: 'eyJrIjoiZXhhbXBsZSIsImlkIjoiMCJ9' }

export const cohortPageExample = { items: [cohortExample], nextCursor: 'eyJrIjoiZXhhbXBsZSIsImlkIjoiMCJ9' }

export const learnerPageExample = { items: [learnerExample], nextCursor: 'eyJrIjoiZXhhbXBsZSIsImlkIjoiMCJ9' }

export const enrolmentPageExample = { items: [enrolmentExample], nextCursor: 'eyJrIjoiZXhhbXBsZSIsImlkIjoiMCJ9' }

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

import { beforeAll, describe, expect, it } from 'vitest'
import { call, expectProblem } from '../../../test/helpers.js'
import { t, importFile, enrolmentsCsv, useImportScenario } from './imports.scenario.js'

useImportScenario()

// The learners these files name, enrolled and exited through an import as imports.test.ts does.
beforeAll(async () => {
  expect((await importFile('enrolments', enrolmentsCsv)).statusCode).toBe(200)
})

describe('encodings', () => {
  const line = JSON.stringify({
    campus: 'Plombiers du numérique Lyon',
    cohort: 'Lyon 2019-1',
    learnerReference: 'LYO-001',
    checkpoint: 'exit',
    observedOn: '2019-04-06',
    situation: 'job_seeking',
    source: 'self_declared',
  })
  const post = (payload: Buffer, type: string) =>
    call(t.admin, {
      method: 'POST',
      url: '/api/v1/imports/outcomes?dryRun=true',
      payload,
      headers: { 'content-type': type },
    })

  it('reads NDJSON in the charset it declares, never storing replacement characters', async () => {
    const latin1 = Buffer.from(line, 'latin1')
    const declared = await post(latin1, 'application/x-ndjson; charset=iso-8859-1')
    expect(declared.statusCode, declared.body).toBe(200)
    expect(declared.data).toMatchObject({ validRows: 1, wouldWrite: { observations: 1 } })

    const undeclared = expectProblem(await post(latin1, 'application/x-ndjson'), 422, 'import_rejected')
    expect(undeclared.report.errors).toEqual([
      expect.objectContaining({ line: 1, code: 'unreadable', message: expect.stringMatching(/not valid UTF-8/) }),
    ])
    const second = Buffer.concat([Buffer.from(`${line}\n`), latin1])
    const onLine2 = expectProblem(await post(second, 'application/x-ndjson'), 422, 'import_rejected')
    expect(onLine2.report.errors[0]).toMatchObject({ line: 2, code: 'unreadable' })

    expectProblem(await post(latin1, 'application/x-ndjson; charset=x-klingon'), 415, 'unsupported_media_type')
  })
})

describe('French templates', () => {
  it('reads French headers, French labels in any case and accents, and a campus by its short name', async () => {
    const enrolments = [
      'École;Promotion;Référence apprenant·e;Année de naissance;Sexe;Résident·e QPV;Liste QPV;Diplôme à l’entrée;Orienté·e par;Date de candidature;Étape;Fin de la période d’essai;Date de sortie;Motif de sortie',
      'Lyon;Lyon 2019-2;LYO-101;2001;Femme;oui;2015;Aucun diplôme;Mission locale;03/01/2019;Formation terminée;18/03/2019;07/06/2019;Formation terminée',
      'LYON;lyon 2019-2;LYO-102;2000;homme;NON;2024;cap / bep;POLE EMPLOI;04/01/2019;sortie anticipee;18/03/2019;03/05/2019;abandon',
    ].join('\r\n')
    const res = await importFile('enrolments', enrolments, { dryRun: true })
    expect(res.statusCode, res.body).toBe(200)
    expect(res.data).toMatchObject({ rows: 2, validRows: 2, errors: [], wouldWrite: { learners: 2, enrolments: 2 } })

    const outcomes = [
      'École;Promotion;Référence apprenant·e;Point de suivi;Observée le;Situation;Contrat;Durée (mois);Secteur fibre;Source',
      'Lyon;Lyon 2019-1;LYO-001;À 6 mois;07/10/2019;En emploi;CDI;;oui;Confirmé par l’employeur',
      'Lyon;Lyon 2019-1;LYO-001;12 mois;06/04/2020;EN ALTERNANCE;contrat d’apprentissage;24;Oui;Partenaire (mission locale, France Travail…)',
      'Lyon;Lyon 2019-1;LYO-002;a 6 mois;20/08/2019;En recherche d’emploi;;;;Déclaratif',
      'Lyon;Lyon 2019-1;LYO-002;À 12 mois;20/02/2020;Inactif·ve;;;;justificatif',
    ].join('\n')
    const checked = await importFile('outcomes', outcomes, { dryRun: true })
    expect(checked.statusCode, checked.body).toBe(200)
    expect(checked.data).toMatchObject({ rows: 4, validRows: 4, errors: [] })
    // A line identical to an observation an earlier test recorded is skipped as a duplicate.
    expect(checked.data.wouldWrite.observations + checked.data.skippedRows).toBe(4)
  })

  it('still names an unknown label, and a campus named by neither its name nor its commune', async () => {
    const outcomes = [
      'École;Promotion;Référence apprenant·e;Point de suivi;Observée le;Situation;Source',
      'Lyon;Lyon 2019-1;LYO-001;À 6 mois;07/10/2019;En vacances;Déclaratif',
      'Plombiers;Lyon 2019-1;LYO-001;À 6 mois;07/10/2019;En emploi;Déclaratif',
    ].join('\n')
    const res = await importFile('outcomes', outcomes, { dryRun: true })
    const problem = expectProblem(res, 422, 'import_rejected')
    expect(
      problem.report.errors.map((e: { line: number; field: string; code: string }) => `${e.line}:${e.field}:${e.code}`),
    ).toEqual(['2:situation:enum', '3:campus:not_found'])
  })
})

import {
  checkpoints,
  contractTypes,
  diplomaLevels,
  enrolmentStages,
  exclusionReasons,
  exitReasons,
  importTemplateHeaders,
  observationSources,
  qpvListVersions,
  referrers,
  sexes,
  situations,
} from '@trajectoires/contract'

/**
 * What a French spreadsheet writes for the API's codes: the dashboard's labels (« En alternance »,
 * « CDI », « À 6 mois »), a few words staff use, and the English labels. Values and headers are
 * compared by `labelKey`: case, accents, spaces and signs aside.
 */

/** Lower case, no accents, one space for any run of other signs (`’`, `·`, `-`, `_`, brackets, `…`). */
export const labelKey = (text: string) =>
  text
    .normalize('NFD')
    .replace(/\p{Diacritic}/gu, '')
    .replace(/œ/g, 'oe')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, ' ')
    .trim()

/** A vocabulary: its codes, and the code each written form (code or label, by `labelKey`) names. */
export interface Vocabulary<T extends string> {
  codes: readonly T[]
  lookup: Map<string, T>
}

function vocabulary<T extends string>(codes: readonly T[], labels: Record<T, readonly string[]>): Vocabulary<T> {
  const lookup = new Map<string, T>()
  for (const code of codes) {
    lookup.set(labelKey(code), code)
    for (const label of labels[code]) lookup.set(labelKey(label), code)
  }
  return { codes, lookup }
}

export const vocabularies = {
  sex: vocabulary(sexes, { female: ['Femme', 'F', 'Female'], male: ['Homme', 'H', 'M', 'Male'] }),
  qpvListVersion: vocabulary(qpvListVersions, Object.fromEntries(qpvListVersions.map((v) => [v, []])) as never),
  diploma: vocabulary(diplomaLevels, {
    none: ['Aucun diplôme', 'Aucun', 'Sans diplôme', 'No diploma'],
    brevet: ['Brevet', 'DNB'],
    cap_bep: ['CAP / BEP', 'CAP', 'BEP'],
    bac: ['Baccalauréat', 'Bac'],
    higher: ['Études supérieures', 'Supérieur', 'Higher education'],
  }),
  referrer: vocabulary(referrers, {
    mission_locale: ['Mission locale'],
    france_travail: ['France Travail', 'Pôle emploi'],
    e2c: ['École de la deuxième chance', 'E2C'],
    self: ['Candidature spontanée', 'Spontanée', 'Self'],
    other: ['Autre', 'Other'],
  }),
  stage: vocabulary(enrolmentStages, {
    applied: ['Candidature', 'Candidat·e', 'Applied'],
    jury_rejected: ['Refus du jury', 'Refusé·e par le jury', 'Jury rejected'],
    waitlisted: ['Liste d’attente', 'Waitlisted'],
    enrolled: ['Inscrit·e', 'Inscrit', 'Inscrite', 'Enrolled'],
    in_training: ['En formation', 'In training'],
    completed: ['Formation terminée', 'Terminée', 'Completed'],
    withdrawn: ['Sortie anticipée', 'Withdrawn'],
  }),
  exitReason: vocabulary(exitReasons, {
    completed: ['Formation terminée', 'Fin de formation', 'Completed'],
    left_for_job: ['Parti·e pour un emploi', 'Départ pour un emploi', 'Left for a job'],
    dropout: ['Abandon', 'Dropout'],
    dismissed: ['Renvoi', 'Dismissed'],
    excluded: ['Exclu·e des statistiques', 'Exclu·e', 'Excluded'],
  }),
  exclusionReason: vocabulary(exclusionReasons, {
    moved_away: ['Déménagement', 'Moved away'],
    long_illness: ['Longue maladie', 'Long illness'],
    deceased: ['Décès', 'Deceased'],
    incarcerated: ['Incarcération', 'Incarcerated'],
  }),
  checkpoint: vocabulary(checkpoints, {
    exit: ['À la sortie', 'Sortie', 'At exit'],
    m6: ['À 6 mois', '6 mois', 'M+6', 'At 6 months', '6 months'],
    m12: ['À 12 mois', '12 mois', 'M+12', 'At 12 months', '12 months'],
  }),
  situation: vocabulary(situations, {
    employed: ['En emploi', 'Emploi', 'Employed'],
    work_study: ['En alternance', 'Alternance', 'Work-study'],
    qualifying_training: ['En formation qualifiante', 'Formation qualifiante', 'Formation', 'Qualifying training'],
    job_seeking: ['En recherche d’emploi', 'Recherche d’emploi', 'Demandeur·se d’emploi', 'Job seeking'],
    inactive: ['Inactif·ve', 'Inactif', 'Inactive'],
    unreachable: ['Injoignable', 'Sans nouvelles', 'Unreachable'],
  }),
  contract: vocabulary(contractTypes, {
    cdi: ['CDI'],
    cdd: ['CDD'],
    temp_agency: ['Intérim', 'Intérimaire', 'Temp agency'],
    cdi_interim: ['CDI intérimaire', 'CDI intérim', 'CDI-I'],
    apprenticeship: ['Contrat d’apprentissage', 'Apprentissage', 'Apprenticeship'],
    professionalisation: ['Contrat de professionnalisation', 'Professionnalisation', 'Professionalisation'],
    subsidised: ['Contrat aidé', 'Aidé', 'Subsidised'],
    civil_service: ['Fonction publique', 'Civil service'],
    self_employed: ['Indépendant·e', 'Indépendant', 'Auto-entrepreneur', 'Self-employed'],
  }),
  source: vocabulary(observationSources, {
    self_declared: ['Déclaratif', 'Déclaration', 'Self-declared'],
    employer_confirmed: ['Confirmé par l’employeur', 'Employeur', 'Employer confirmed'],
    document: ['Justificatif', 'Document'],
    partner_report: ['Partenaire (mission locale, France Travail…)', 'Partenaire', 'Partner report'],
  }),
}

/** The English column (as `headerKey` keys it: lower case) each French template header names. */
export const headerAliases = new Map<string, string>()
for (const columns of Object.values(importTemplateHeaders)) {
  for (const [column, header] of Object.entries(columns)) headerAliases.set(labelKey(header), column.toLowerCase())
}
// Headers spreadsheets also use.
for (const [header, column] of Object.entries({
  campus: 'campus',
  ecole: 'campus',
  reference: 'learnerReference',
  'reference apprenant': 'learnerReference',
  'date d observation': 'observedOn',
  'type de contrat': 'contractType',
  'duree du contrat mois': 'contractMonths',
  'duree du contrat': 'contractMonths',
})) {
  headerAliases.set(header, column.toLowerCase())
}

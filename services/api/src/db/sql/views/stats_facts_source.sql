-- What `stats_facts` holds for each enrolment of the population, computed from the records now.
-- The checkpoint windows and sets passed to `stats_resolve` are those of @trajectoires/contract/rules
-- (checkpointSchedule, uninformativeSituations, openEndedContracts); src/db/sql.test.ts checks that
-- they agree.
CREATE OR REPLACE VIEW stats_facts_source AS
SELECT
  e.id AS enrolment_id, e.cohort_id, c.campus_id, e.exit_date, date_trunc('month', e.exit_date)::date AS exit_month,
  e.exit_reason, l.sex, l.qpv_resident, l.diploma_at_entry, l.referrer,
  e.exit_date AS exit_due, r0.observation_id AS exit_observation_id, r0.situation AS exit_situation,
  r0.contract_type AS exit_contract_type, r0.contract_months AS exit_contract_months,
  stats_category_v1(r0.situation, r0.contract_type, r0.contract_months) AS exit_category,
  (e.exit_date + interval '6 months')::date AS m6_due, r6.observation_id AS m6_observation_id,
  r6.situation AS m6_situation, r6.contract_type AS m6_contract_type, r6.contract_months AS m6_contract_months,
  stats_category_v1(r6.situation, r6.contract_type, r6.contract_months) AS m6_category,
  (e.exit_date + interval '12 months')::date AS m12_due, r12.observation_id AS m12_observation_id,
  r12.situation AS m12_situation, r12.contract_type AS m12_contract_type, r12.contract_months AS m12_contract_months,
  stats_category_v1(r12.situation, r12.contract_type, r12.contract_months) AS m12_category
FROM enrolments e
JOIN cohorts c ON c.id = e.cohort_id
JOIN learners l ON l.id = e.learner_id
LEFT JOIN LATERAL stats_resolve(e.id, 'exit', e.exit_date, 'infinity', 0, 0, 0, 0, 45,
  '{unreachable}', '{cdi,cdi_interim,civil_service}') r0 ON true
LEFT JOIN LATERAL stats_resolve(e.id, 'm6', e.exit_date, 'infinity', 6, 4, 0, 8, 0,
  '{unreachable}', '{cdi,cdi_interim,civil_service}') r6 ON true
LEFT JOIN LATERAL stats_resolve(e.id, 'm12', e.exit_date, 'infinity', 12, 10, 0, 14, 0,
  '{unreachable}', '{cdi,cdi_interim,civil_service}') r12 ON true
WHERE e.integration_confirmed_on IS NOT NULL AND e.exit_date IS NOT NULL;

-- Recomputes every fact and cube from the records (after a bulk load with triggers off, or to check).
CREATE OR REPLACE FUNCTION stats_rebuild() RETURNS void
LANGUAGE plpgsql AS $$
BEGIN
  TRUNCATE stats_facts, stats_cube_network, stats_cube_campus, stats_cube_demography;
  INSERT INTO stats_facts (enrolment_id, cohort_id, campus_id, exit_date, exit_month, exit_reason, sex, qpv_resident, diploma_at_entry, referrer,
    exit_due, exit_observation_id, exit_situation, exit_contract_type, exit_contract_months, exit_category,
    m6_due, m6_observation_id, m6_situation, m6_contract_type, m6_contract_months, m6_category,
    m12_due, m12_observation_id, m12_situation, m12_contract_type, m12_contract_months, m12_category)
  SELECT enrolment_id, cohort_id, campus_id, exit_date, exit_month, exit_reason, sex, qpv_resident, diploma_at_entry, referrer,
    exit_due, exit_observation_id, exit_situation, exit_contract_type, exit_contract_months, exit_category,
    m6_due, m6_observation_id, m6_situation, m6_contract_type, m6_contract_months, m6_category,
    m12_due, m12_observation_id, m12_situation, m12_contract_type, m12_contract_months, m12_category
  FROM stats_facts_source;
  PERFORM stats_cube_build();
END;
$$;

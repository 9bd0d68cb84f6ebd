-- Outcome categories of the metric definitions v1 (their `categories` rules, first match wins).
-- The contract sets written here are those of @trajectoires/contract/rules (openEndedContracts,
-- lastingFixedTermContracts, lastingMinContractMonths); src/db/sql.test.ts checks that they agree.
CREATE OR REPLACE FUNCTION stats_category_v1(p_situation text, p_contract text, p_months integer) RETURNS text
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT CASE
    WHEN p_situation = 'employed' AND p_contract IN ('cdi', 'cdi_interim', 'civil_service') THEN 'employed_lasting'
    WHEN p_situation = 'employed' AND p_contract IN ('cdd', 'temp_agency', 'subsidised') AND p_months >= 6
      THEN 'employed_lasting'
    WHEN p_situation = 'employed' THEN 'employed_other'
    WHEN p_situation IN ('work_study', 'qualifying_training', 'job_seeking', 'inactive') THEN p_situation
    ELSE 'unknown'
  END
$$;

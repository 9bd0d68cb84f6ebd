-- Refreshes the statistics of the enrolments that have facts and gained observations (statement trigger `outcome_observations_stats_insert`).
CREATE OR REPLACE FUNCTION stats_on_observations_insert() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  PERFORM stats_refresh(ARRAY(
    SELECT DISTINCT n.enrolment_id FROM new_rows n JOIN stats_facts f ON f.enrolment_id = n.enrolment_id
  ));
  RETURN NULL;
END;
$$;

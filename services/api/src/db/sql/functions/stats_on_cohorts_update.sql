-- Refreshes the statistics of the enrolments of cohorts moved to another campus (statement trigger `cohorts_stats_update`).
CREATE OR REPLACE FUNCTION stats_on_cohorts_update() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  PERFORM stats_refresh(ARRAY(
    SELECT f.enrolment_id FROM new_rows n JOIN old_rows o ON o.id = n.id
    JOIN stats_facts f ON f.cohort_id = n.id
    WHERE n.campus_id IS DISTINCT FROM o.campus_id
  ));
  RETURN NULL;
END;
$$;

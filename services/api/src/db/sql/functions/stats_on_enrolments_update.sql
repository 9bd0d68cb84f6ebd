-- Refreshes the statistics of the enrolments whose cohort, learner, integration date, exit date or exit
-- reason changed (statement trigger `enrolments_stats_update`).
CREATE OR REPLACE FUNCTION stats_on_enrolments_update() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  PERFORM stats_refresh(ARRAY(
    SELECT n.id FROM new_rows n JOIN old_rows o ON o.id = n.id
    WHERE (n.cohort_id, n.learner_id, n.integration_confirmed_on, n.exit_date, n.exit_reason)
      IS DISTINCT FROM (o.cohort_id, o.learner_id, o.integration_confirmed_on, o.exit_date, o.exit_reason)
  ));
  RETURN NULL;
END;
$$;

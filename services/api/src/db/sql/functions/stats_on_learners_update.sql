-- Refreshes the statistics of the enrolments of learners whose sex, QPV, diploma or referrer changed (statement trigger `learners_stats_update`).
CREATE OR REPLACE FUNCTION stats_on_learners_update() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  PERFORM stats_refresh(ARRAY(
    SELECT f.enrolment_id FROM new_rows n JOIN old_rows o ON o.id = n.id
    JOIN enrolments e ON e.learner_id = n.id JOIN stats_facts f ON f.enrolment_id = e.id
    WHERE (n.sex, n.qpv_resident, n.diploma_at_entry, n.referrer)
      IS DISTINCT FROM (o.sex, o.qpv_resident, o.diploma_at_entry, o.referrer)
  ));
  RETURN NULL;
END;
$$;

-- Refreshes the statistics of the enrolments deleted (statement trigger `enrolments_stats_delete`).
CREATE OR REPLACE FUNCTION stats_on_enrolments_delete() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  PERFORM stats_refresh(ARRAY(SELECT o.id FROM old_rows o JOIN stats_facts f ON f.enrolment_id = o.id));
  RETURN NULL;
END;
$$;

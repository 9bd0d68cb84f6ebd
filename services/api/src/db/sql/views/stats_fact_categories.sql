-- One row per fact and checkpoint, with its reason class and category: what the cubes count.
CREATE OR REPLACE VIEW stats_fact_categories AS
SELECT
  f.enrolment_id, f.campus_id, f.exit_month,
  CASE f.exit_reason WHEN 'completed' THEN 'completed' WHEN 'excluded' THEN 'excluded' ELSE 'other' END AS reason_class,
  f.sex, coalesce(f.qpv_resident::text, 'unknown') AS qpv, f.diploma_at_entry, f.referrer, k.checkpoint, k.category
FROM stats_facts f
CROSS JOIN LATERAL (VALUES ('exit', f.exit_category), ('m6', f.m6_category), ('m12', f.m12_category))
  AS k(checkpoint, category);

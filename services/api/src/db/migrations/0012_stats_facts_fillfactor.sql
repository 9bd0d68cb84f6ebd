-- Leaves 30 % of each page of `stats_facts` free, so that the statistics refresh can update a fact in place
-- (`stats_refresh_now`): a HOT update, with no new index entries, when the new version fits on the
-- fact's own page. Applies to pages written from now on; `select stats_rebuild()` rewrites them all.
ALTER TABLE "stats_facts" SET (fillfactor = 70);

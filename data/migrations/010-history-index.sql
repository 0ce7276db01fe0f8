-- tether store, schema version 10: one index less on the history.
--
-- history_by_size (at, id, bytes) serves every query history_by_time (at)
-- served (the trim by age, the walk from the oldest entry), so each
-- history entry written updates one index fewer.

DROP INDEX IF EXISTS history_by_time;

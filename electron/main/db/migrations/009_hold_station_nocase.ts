// Migration 9: the hold queue matches a station in any case (`h.station = @station COLLATE NOCASE`),
// which the BINARY (station, created_at) index of migration 2 cannot serve: at 100,000 holds every
// undecided hold was read to find one station's (bench:scale, EXPLAIN QUERY PLAN: holds_status_idx).
// With the status beside it, decided holds are skipped inside the index too. An index serves only the
// very expression it is built on: should the queue match `lower(h.station)` instead, this must be
// `ON holds(lower(station), status)` (test/integration/holdQueuePlan.test.ts says so if it is not).
export default /* sql */ `
CREATE INDEX holds_station_nocase_idx ON holds(station COLLATE NOCASE, status);
`;

// Migration 9: the hold queue matches a station in any case (`lower(h.station) = lower(@station)`,
// repos/holds.ts), which the (station, created_at) index of migration 2 cannot serve: at 100,000 holds
// every undecided hold was read to find one station's (bench:scale, EXPLAIN QUERY PLAN: holds_status_idx).
// An index serves only the very expression it is built on, so this one is on lower(station) (the same
// statement on PostgreSQL); with the status beside it, decided holds are skipped inside the index too.
// test/integration/holdQueuePlan.test.ts fails if the queue's match and this index part ways.
export default /* sql */ `
CREATE INDEX holds_station_lower_idx ON holds(lower(station), status);
`;

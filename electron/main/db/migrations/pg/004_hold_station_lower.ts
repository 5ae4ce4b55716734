// PostgreSQL migration 4, the mirror of SQLite migration 9: the hold queue's case-insensitive station
// match (`lower(h.station) = lower(@station)`) served by an index on that very expression.
export default /* sql */ `
CREATE INDEX holds_station_lower_idx ON holds(lower(station), status);
`;

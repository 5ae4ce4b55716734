// Migration 5: the hold shelves (locations) an admin keeps, so a hold's location is one of them,
// scanned from its barcode or chosen from the list, never typed.
export default /* sql */ `
CREATE TABLE shelves (
  code        TEXT PRIMARY KEY,
  label       TEXT NOT NULL DEFAULT '',
  active      INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1)),
  created_at  TEXT NOT NULL,
  updated_at  TEXT NOT NULL
) STRICT;
`;

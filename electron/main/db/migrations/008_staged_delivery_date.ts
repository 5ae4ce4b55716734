// Migration 8: the staged orders import (migration 3) carries the optional delivery date (migration 6),
// so an order's return window survives an import through the staging table.
export default /* sql */ `
ALTER TABLE import_staging_orders ADD COLUMN delivery_date TEXT;
`;

// Migration 14 (issue 23): orders imported in versions, so a million-order import never holds the
// single writer lock for more than one short chunk, yet becomes visible all at once.
//
// An import writes its new and changed orders as rows of its own generation (`gen`) in many short
// transactions; a changed order's current row is marked `superseded_at` that generation in the same
// chunk. `orders` is now a view showing, of every order, the row the newest *published* generation
// says: a row counts once its generation is published and until the generation that superseded it
// is. Publishing an import is one tiny transaction (its `order_imports` row becomes 'published'), so
// readers see the old orders only, then all the new ones; a failed or abandoned import's rows were
// never published and are deleted in chunks by the import itself or the next one. Every reader of
// `orders` (the station's lookup by tracking number, the queue's and reports' joins, the clock-day
// refresh) is unchanged: the view is flattened into their queries and served by the
// (tracking_no, gen) index, one or two rows a lookup.
//
// The staging table of migration 3 is dropped: the generation's own rows are the staging now.
/** The columns of an order, as `orders` had them (the view keeps their order). */
export const ORDER_VERSION_COLUMNS = 'order_no, tracking_no, customer, item, declared_brand, category, channel, store_id, store_name, seller_tax_id, purchase_date, amount_fen, updated_at, delivery_date';
/** The newest published generation (0: the orders from before this migration). */
export const PUBLISHED_GEN = "(SELECT coalesce(max(gen), 0) FROM order_imports WHERE state = 'published')";

export default /* sql */ `
CREATE TABLE order_imports (
  gen         INTEGER PRIMARY KEY CHECK (gen > 0),
  state       TEXT NOT NULL CHECK (state IN ('writing', 'published', 'aborted')),
  file        TEXT NOT NULL,
  owner       TEXT NOT NULL,
  started_at  TEXT NOT NULL,
  touched_at  TEXT NOT NULL
) STRICT;
CREATE INDEX order_imports_state_idx ON order_imports(state, gen);

CREATE TABLE order_versions (
  order_no        TEXT NOT NULL,
  tracking_no     TEXT NOT NULL,
  customer        TEXT NOT NULL,
  item            TEXT NOT NULL,
  declared_brand  TEXT,
  category        TEXT NOT NULL,
  channel         TEXT NOT NULL,
  store_id        TEXT NOT NULL,
  store_name      TEXT NOT NULL,
  seller_tax_id   TEXT,
  purchase_date   TEXT NOT NULL,
  amount_fen      INTEGER NOT NULL,
  updated_at      TEXT NOT NULL,
  delivery_date   TEXT CHECK (delivery_date IS NULL OR delivery_date GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),
  gen             INTEGER NOT NULL DEFAULT 0,
  superseded_at   INTEGER
) STRICT;
INSERT INTO order_versions (${ORDER_VERSION_COLUMNS}) SELECT ${ORDER_VERSION_COLUMNS} FROM orders;
DROP TABLE orders;
DROP TABLE import_staging_orders;

-- One row per order and generation; a tracking number belongs to one order in a generation (the
-- import refuses a tracking number that belongs to another visible order before writing it).
CREATE UNIQUE INDEX order_versions_order_idx ON order_versions(order_no, gen);
CREATE UNIQUE INDEX order_versions_tracking_idx ON order_versions(tracking_no, gen);
-- A generation's rows (deleted when its import fails) and the rows it superseded (deleted once it is published).
CREATE INDEX order_versions_gen_idx ON order_versions(gen);
CREATE INDEX order_versions_superseded_idx ON order_versions(superseded_at) WHERE superseded_at IS NOT NULL;

-- \`+gen\`: a scan of all orders (a brand's declared categories, the count) reads the table, not the
-- generation index row by row (SQLite has no statistics to tell it that every row qualifies).
CREATE VIEW orders AS
SELECT ${ORDER_VERSION_COLUMNS} FROM order_versions
WHERE +gen <= ${PUBLISHED_GEN} AND (superseded_at IS NULL OR superseded_at > ${PUBLISHED_GEN});
`;

// Migration 6 (holds): the order's delivery date (the return window's start), the holiday list that
// working-day deadlines skip, and proof requests with the documents received for them.
export default /* sql */ `
ALTER TABLE orders ADD COLUMN delivery_date TEXT CHECK (delivery_date IS NULL OR delivery_date GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]');

CREATE TABLE holidays (
  date  TEXT PRIMARY KEY CHECK (date GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),
  name  TEXT NOT NULL,
  type  TEXT NOT NULL CHECK (type IN ('holiday', 'workday'))
) STRICT;

-- "Wait for proof" as a recorded request: what was asked, of whom, when, by whom, until when.
CREATE TABLE proof_requests (
  id            INTEGER PRIMARY KEY,
  hold_id       INTEGER NOT NULL REFERENCES holds(id),
  decision_id   INTEGER REFERENCES hold_decisions(id),
  asked_json    TEXT NOT NULL,
  customer      TEXT NOT NULL,
  note          TEXT NOT NULL,
  requested_at  TEXT NOT NULL,
  requested_by  INTEGER NOT NULL REFERENCES users(id),
  deadline      TEXT NOT NULL,
  status        TEXT NOT NULL CHECK (status IN ('OPEN', 'RECEIVED', 'CLOSED')),
  closed_at     TEXT
) STRICT;
CREATE INDEX proof_requests_hold_idx ON proof_requests(hold_id);
CREATE INDEX proof_requests_open_idx ON proof_requests(status, deadline);
-- At most one request in progress per hold.
CREATE UNIQUE INDEX proof_requests_one_open_idx ON proof_requests(hold_id) WHERE status IN ('OPEN', 'RECEIVED');

-- Documents received (photos or PDFs), content-addressed like photos and stored beside them.
CREATE TABLE proof_documents (
  request_id   INTEGER NOT NULL REFERENCES proof_requests(id),
  sha256       TEXT NOT NULL REFERENCES photos(sha256),
  received_at  TEXT NOT NULL,
  received_by  INTEGER NOT NULL REFERENCES users(id),
  PRIMARY KEY (request_id, sha256)
) STRICT;

CREATE TRIGGER proof_documents_no_delete BEFORE DELETE ON proof_documents
BEGIN
  SELECT RAISE(ABORT, 'received documents are evidence and cannot be removed');
END;
`;

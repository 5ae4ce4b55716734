// Migration 7: an inspection keeps its notes (observations that do not hold the parcel, such as an
// invoice seller confirmed by credit code whose name read differently).
export default /* sql */ `
ALTER TABLE inspections ADD COLUMN notes_json TEXT NOT NULL DEFAULT '[]';
`;

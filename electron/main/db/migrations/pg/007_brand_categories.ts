// PostgreSQL mirror of SQLite's brand-categories migration: a brand's categories of goods as a JSON array.
export default /* sql */ `
ALTER TABLE brands ADD COLUMN categories_json text COLLATE "C" NOT NULL DEFAULT '[]' CHECK (json_typeof(categories_json::json) = 'array');
`;

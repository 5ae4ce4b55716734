// Migration: a brand's categories of goods (brands.json `categories`, lower case, a JSON array). The
// ordinary-use judge (shared/detect/ordinaryUse.ts) compares them with the order's category: a brand
// word on goods the brand does not sell may be an ordinary word (小米 on a bag of grain); on goods it
// does sell it is always the brand. An empty array: the brand's categories are not known.
export default /* sql */ `
ALTER TABLE brands ADD COLUMN categories_json TEXT NOT NULL DEFAULT '[]' CHECK (json_valid(categories_json) AND json_type(categories_json) = 'array');
`;

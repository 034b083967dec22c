-- Bulk imports: each committed file is an import batch, whose rows are listed in
-- import_offers / import_items so that "Annuler cet import" removes exactly them. Link tables
-- rather than a column on offers: store code that rewrites an offer (delete, then insert under
-- the same id) keeps its batch without knowing about imports. Mapping templates remember, per
-- source, which file column goes to which field.
CREATE SEQUENCE import_batch_id_seq START 1;

CREATE TABLE import_batches (
    id BIGINT PRIMARY KEY DEFAULT nextval('import_batch_id_seq'),
    file_name VARCHAR NOT NULL,
    sha256 VARCHAR NOT NULL,             -- of the uploaded bytes: the same file twice is told
    target VARCHAR NOT NULL,             -- 'offers' or 'receptivity'
    source VARCHAR NOT NULL DEFAULT '',  -- who sent the file (the mapping template's name)
    sheet VARCHAR,                       -- the sheet read, for a workbook
    total_rows INTEGER NOT NULL,         -- data rows of the file
    imported_rows INTEGER NOT NULL,
    invalid_rows INTEGER NOT NULL,       -- refused by validation
    skipped_rows INTEGER NOT NULL,       -- probable duplicates the user chose to skip
    created_at TIMESTAMP NOT NULL,       -- also the created_at/updated_at of its offers
    undone_at TIMESTAMP
);

CREATE TABLE import_offers (
    offer_id BIGINT PRIMARY KEY,
    batch_id BIGINT NOT NULL
);

CREATE TABLE import_items (
    item_id BIGINT PRIMARY KEY,
    batch_id BIGINT NOT NULL
);

CREATE TABLE import_templates (
    target VARCHAR NOT NULL,             -- 'offers' or 'receptivity'
    name VARCHAR NOT NULL,               -- the source: "CCI Cantal – cédants"
    mapping VARCHAR NOT NULL,            -- JSON object: file header -> field key (or null)
    defaults VARCHAR NOT NULL,           -- JSON object: field key -> value for empty cells
    updated_at TIMESTAMP NOT NULL,
    PRIMARY KEY (target, name)
);

-- Housing, land and premises lists come from a partner (agency, commune, bailleur).
ALTER TABLE receptivity_items ADD COLUMN IF NOT EXISTS source_partner VARCHAR DEFAULT '';

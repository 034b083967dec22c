-- PostgreSQL twin of ../0008_bpe_imports.sql (issue 10): a BPE file imported on the Aménités
-- page is an import batch (import_batches.target = 'amenities'); import_amenities keeps, for
-- each count it wrote, what the commune had before, so that undoing the batch puts it back.
CREATE TABLE import_amenities (
    batch_id BIGINT NOT NULL,
    commune_insee TEXT NOT NULL,
    amenity TEXT NOT NULL,
    previous_count INTEGER,                 -- NULL: not known before the import
    previous_source TEXT,
    previous_updated_at TIMESTAMP,
    PRIMARY KEY (batch_id, commune_insee, amenity)
);

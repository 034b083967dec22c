-- Issue 10: a BPE file imported on the Aménités page is an import batch like the others
-- (import_batches.target = 'amenities'), listed in the import history and undoable. For each
-- count it wrote, import_amenities keeps what the commune had before for that category (no
-- previous count: it was not known), so that undoing the batch puts those back. A count
-- typed by hand is never written by a BPE import, so never listed here.
CREATE TABLE import_amenities (
    batch_id BIGINT NOT NULL,
    commune_insee VARCHAR NOT NULL,
    amenity VARCHAR NOT NULL,
    previous_count INTEGER,                 -- NULL: not known before the import
    previous_source VARCHAR,
    previous_updated_at TIMESTAMP,
    PRIMARY KEY (batch_id, commune_insee, amenity)
);

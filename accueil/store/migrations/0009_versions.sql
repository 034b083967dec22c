-- Issue 14, optimistic concurrency: every record a person edits carries a version number.
-- A save names the version it was edited from; the store writes it only if that is still the
-- stored one (UPDATE ... WHERE id = ? AND version = ?, in the write's own transaction) and
-- moves it on by one, so that a save made from a stale screen is refused as a conflict
-- instead of silently undoing someone else's change. Existing rows start at 1.
ALTER TABLE offers ADD COLUMN version INTEGER NOT NULL DEFAULT 1;
ALTER TABLE receptivity_items ADD COLUMN version INTEGER NOT NULL DEFAULT 1;
ALTER TABLE user_territories ADD COLUMN version INTEGER NOT NULL DEFAULT 1;

-- An amenity profile (the counts of commune_amenities and the text of commune_living of one
-- commune) has no row of its own: its version lives here. A commune without a row is at
-- version 1; the first save adds the row.
CREATE TABLE amenity_profile_versions (
    commune_insee VARCHAR PRIMARY KEY,
    version INTEGER NOT NULL,
    updated_at TIMESTAMP NOT NULL
);

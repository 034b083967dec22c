-- PostgreSQL twin of ../0009_versions.sql (issue 14): a version number on every record a
-- person edits, checked and moved on by one in the transaction of each save. Existing rows
-- start at 1; an amenity profile's version has its own table (a commune without a row is at 1).
ALTER TABLE offers ADD COLUMN version INTEGER NOT NULL DEFAULT 1;
ALTER TABLE receptivity_items ADD COLUMN version INTEGER NOT NULL DEFAULT 1;
ALTER TABLE user_territories ADD COLUMN version INTEGER NOT NULL DEFAULT 1;

CREATE TABLE amenity_profile_versions (
    commune_insee TEXT PRIMARY KEY,
    version INTEGER NOT NULL,
    updated_at TIMESTAMP NOT NULL
);

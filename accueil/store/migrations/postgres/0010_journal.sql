-- Issue 13: the change journal, append-only. One row per changed field of an offer, item,
-- amenity profile, territory or account (never a password: only that it was changed), and
-- ONE row per import or undo (the batch is the entity, not each of its 100 000 rows).
-- Written by the store's write functions in the same transaction as the change itself, so a
-- change that rolls back leaves no row, and a row never tells of a change that did not happen.
-- ``author`` is the login of who did it ('' for the application itself: demo, migrations).
-- ``action``: created, updated, deleted, archived, imported, undone, validated, removed,
-- restored. Sign-ins are not journaled (the account keeps its last one: last_sign_in_at).
CREATE SEQUENCE journal_id_seq START 1;

CREATE TABLE journal (
    id BIGINT PRIMARY KEY DEFAULT nextval('journal_id_seq'),
    changed_at TIMESTAMP NOT NULL,
    author VARCHAR NOT NULL DEFAULT '',
    entity VARCHAR NOT NULL,                -- offer, item, amenities, territory, import, account, demo, backup
    entity_id VARCHAR NOT NULL,
    action VARCHAR NOT NULL,
    field VARCHAR NOT NULL DEFAULT '',
    old_value VARCHAR,
    new_value VARCHAR
);

CREATE INDEX journal_entity ON journal (entity, entity_id);
CREATE INDEX journal_at ON journal (changed_at);

-- On PostgreSQL the journal refuses to be rewritten, whoever asks (DuckDB has no triggers;
-- there the store code simply never updates or deletes it).
CREATE FUNCTION journal_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'the change journal is append-only';
END;
$$;

CREATE TRIGGER journal_append_only BEFORE UPDATE OR DELETE ON journal
    FOR EACH ROW EXECUTE FUNCTION journal_append_only();

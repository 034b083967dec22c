-- PostgreSQL twin of ../0012_publication.sql (issue 16): offer
-- publication states and dates, and the record of every publication (settings, files, offers)
-- so that it can be withdrawn.
--
-- offer_publication: one row per offer that was ever asked to be published. ``state`` is
-- « à publier » (a_publier), « publiée » (publiee) or « retirée » (retiree); the dates are
-- those the officer sees (publiée le, retirée le). No row: never asked (an offer whose
-- workflow status is « publiée » then counts as à publier, see accueil.domain.diffusion).
CREATE TABLE offer_publication (
    offer_id BIGINT PRIMARY KEY,
    state TEXT NOT NULL,
    requested_at TIMESTAMP,                 -- marked « à publier »
    published_at TIMESTAMP,                 -- first generation that carried it: « publiée le »
    last_published_at TIMESTAMP,            -- latest generation that carried it
    withdrawn_at TIMESTAMP,                 -- « retirée le »
    withdrawn_reason TEXT NOT NULL DEFAULT '',
    changed_by TEXT NOT NULL DEFAULT ''
);

-- publications: one row per generation (catalogue, feeds, sheets), with the anonymisation
-- settings it used, the files it wrote and where, so that it can be found and withdrawn.
CREATE SEQUENCE publication_id_seq START 1;
CREATE TABLE publications (
    id BIGINT PRIMARY KEY,
    created_at TIMESTAMP NOT NULL,
    created_by TEXT NOT NULL DEFAULT '',
    audience TEXT NOT NULL,
    settings TEXT NOT NULL,              -- JSON of accueil.domain.diffusion.DiffusionSettings
    files TEXT NOT NULL,                 -- JSON list of the relative paths written
    location TEXT NOT NULL DEFAULT '',   -- the folder written
    offer_count INTEGER NOT NULL,
    withdrawn_at TIMESTAMP,
    withdrawn_by TEXT NOT NULL DEFAULT ''
);

-- publication_offers: which offers a publication carried, under which public title.
CREATE TABLE publication_offers (
    publication_id BIGINT NOT NULL,
    offer_id BIGINT NOT NULL,
    public_title TEXT NOT NULL,
    PRIMARY KEY (publication_id, offer_id)
);

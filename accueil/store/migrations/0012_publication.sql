-- Issue 16 (diffusion): where each offer stands in publication, and what was published when.
-- Named 0012_publication in the plan of issue 13/16; numbered here after the last landed
-- migration because migrations are numbered without gaps (the integrator renumbers).
--
-- offer_publication: one row per offer that was ever asked to be published. ``state`` is
-- « à publier » (a_publier), « publiée » (publiee) or « retirée » (retiree); the dates are
-- those the officer sees (publiée le, retirée le). No row: never asked (an offer whose
-- workflow status is « publiée » then counts as à publier, see accueil.domain.diffusion).
CREATE TABLE offer_publication (
    offer_id BIGINT PRIMARY KEY,
    state VARCHAR NOT NULL,
    requested_at TIMESTAMP,                 -- marked « à publier »
    published_at TIMESTAMP,                 -- first generation that carried it: « publiée le »
    last_published_at TIMESTAMP,            -- latest generation that carried it
    withdrawn_at TIMESTAMP,                 -- « retirée le »
    withdrawn_reason VARCHAR NOT NULL DEFAULT '',
    changed_by VARCHAR NOT NULL DEFAULT ''
);

-- publications: one row per generation (catalogue, feeds, sheets), with the anonymisation
-- settings it used, the files it wrote and where, so that it can be found and withdrawn.
CREATE SEQUENCE publication_id_seq START 1;
CREATE TABLE publications (
    id BIGINT PRIMARY KEY,
    created_at TIMESTAMP NOT NULL,
    created_by VARCHAR NOT NULL DEFAULT '',
    audience VARCHAR NOT NULL,
    settings VARCHAR NOT NULL,              -- JSON of accueil.domain.diffusion.DiffusionSettings
    files VARCHAR NOT NULL,                 -- JSON list of the relative paths written
    location VARCHAR NOT NULL DEFAULT '',   -- the folder written
    offer_count INTEGER NOT NULL,
    withdrawn_at TIMESTAMP,
    withdrawn_by VARCHAR NOT NULL DEFAULT ''
);

-- publication_offers: which offers a publication carried, under which public title.
CREATE TABLE publication_offers (
    publication_id BIGINT NOT NULL,
    offer_id BIGINT NOT NULL,
    public_title VARCHAR NOT NULL,
    PRIMARY KEY (publication_id, offer_id)
);

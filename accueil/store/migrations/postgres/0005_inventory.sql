-- Issue 5, qualify and aggregate: the réceptivité inventory's own fields, the aménités of each
-- commune, who qualified an offer and when. The veille period lives in store_meta
-- ('veille_months', six when absent).
--
-- The inventory fields sit beside receptivity_items rather than in it, so that code writing
-- item rows without knowing them (offers.write_offers, imports) cannot lose them. The partner
-- who reported an item is a column of receptivity_items, shared with the import issue (its
-- migration 0003 adds it the same way; whichever runs first adds it).
ALTER TABLE receptivity_items ADD COLUMN IF NOT EXISTS source_partner VARCHAR DEFAULT '';

CREATE TABLE receptivity_details (
    item_id BIGINT PRIMARY KEY,                  -- receptivity_items.id
    tenure VARCHAR,                              -- 'location' or 'vente'
    housing_type VARCHAR,                        -- 'maison', 'appartement', 'autre'
    land_type VARCHAR,                           -- 'terrain_a_batir' or 'terre_agricole'
    premises_types VARCHAR[] NOT NULL DEFAULT '{}', -- 'commerce', 'atelier', 'bureau', 'batiment_agricole'
    verified_on DATE,
    archived BOOLEAN NOT NULL DEFAULT false,
    updated_at TIMESTAMP NOT NULL
);

-- How many of each service a commune has (0: known to have none). One row per commune and
-- category of accueil.domain.offers.Amenity; a missing row means "not known".
CREATE TABLE commune_amenities (
    commune_insee VARCHAR NOT NULL,
    amenity VARCHAR NOT NULL,
    count INTEGER NOT NULL,
    source VARCHAR NOT NULL,                     -- 'bpe', 'manuel' or 'demo'
    updated_at TIMESTAMP NOT NULL,
    PRIMARY KEY (commune_insee, amenity)
);

-- A free text on the living environment of a commune, shown to newcomers.
CREATE TABLE commune_living (
    commune_insee VARCHAR PRIMARY KEY,
    living_environment VARCHAR NOT NULL,
    is_demo BOOLEAN NOT NULL DEFAULT false,
    updated_at TIMESTAMP NOT NULL
);

-- Who qualified an offer and when: written when an offer turns qualifiée, removed when it
-- stops being so (accueil.store.offers.write_offers keeps it in step).
CREATE TABLE offer_qualifications (
    offer_id BIGINT PRIMARY KEY,
    qualified_by VARCHAR NOT NULL DEFAULT '',
    qualified_at TIMESTAMP NOT NULL
);

-- Bookkeeping and the reference geography (communes, EPCI, départements of the Massif central).
-- The reference rows are (re)loaded from data/reference/*.csv by Store._sync_reference.
CREATE TABLE schema_migrations (
    version INTEGER PRIMARY KEY,
    name VARCHAR NOT NULL,
    applied_at TIMESTAMP NOT NULL
);

CREATE TABLE store_meta (
    key VARCHAR PRIMARY KEY,
    value VARCHAR NOT NULL
);

CREATE TABLE ref_departements (
    code_departement VARCHAR PRIMARY KEY,
    nom VARCHAR NOT NULL,
    code_region VARCHAR NOT NULL,
    region VARCHAR NOT NULL,
    massif VARCHAR NOT NULL          -- 'entier' or 'partiel'
);

CREATE TABLE ref_epci (
    code_epci VARCHAR PRIMARY KEY,   -- SIREN
    nom VARCHAR NOT NULL,
    type VARCHAR,
    population INTEGER,
    code_departement VARCHAR
);

CREATE TABLE ref_communes (
    code_insee VARCHAR PRIMARY KEY,
    nom VARCHAR NOT NULL,
    code_departement VARCHAR NOT NULL,
    code_region VARCHAR NOT NULL,
    code_epci VARCHAR,
    population INTEGER,
    codes_postaux VARCHAR            -- pipe-separated
);

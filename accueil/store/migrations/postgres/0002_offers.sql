-- Offers d'accueil, réceptivité items (linked many-to-many) and the pillar statuses derived
-- from accueil.domain.pillars, kept here so that dashboards aggregate in SQL.
CREATE SEQUENCE offer_id_seq START 1;
CREATE SEQUENCE receptivity_id_seq START 1;

CREATE TABLE offers (
    id BIGINT PRIMARY KEY DEFAULT nextval('offer_id_seq'),
    title VARCHAR NOT NULL,
    description VARCHAR NOT NULL DEFAULT '',
    commune_insee VARCHAR NOT NULL,
    status VARCHAR NOT NULL,
    source_partner VARCHAR NOT NULL DEFAULT '',
    confidentiality VARCHAR NOT NULL,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL,
    verified_on DATE,
    is_demo BOOLEAN NOT NULL DEFAULT false,
    -- activité
    activity_kind VARCHAR,
    naf_code VARCHAR,
    naf_label VARCHAR,
    turnover DOUBLE PRECISION,
    net_result DOUBLE PRECISION,
    headcount INTEGER,
    asking_price DOUBLE PRECISION,
    sale_reason VARCHAR,
    target_date DATE,
    job_title VARCHAR,
    contract VARCHAR,
    working_time VARCHAR,
    gross_annual_salary DOUBLE PRECISION,
    need VARCHAR,
    -- aménités
    amenities VARCHAR[] NOT NULL DEFAULT '{}',
    living_environment VARCHAR NOT NULL DEFAULT '',
    -- derived by accueil.domain.pillars.assess on every write
    pillar_activite VARCHAR NOT NULL,
    pillar_receptivite VARCHAR NOT NULL,
    pillar_amenites VARCHAR NOT NULL,
    qualification VARCHAR NOT NULL,
    completeness DOUBLE PRECISION NOT NULL,
    missing VARCHAR[] NOT NULL DEFAULT '{}'
);

CREATE TABLE receptivity_items (
    id BIGINT PRIMARY KEY DEFAULT nextval('receptivity_id_seq'),
    kind VARCHAR NOT NULL,
    description VARCHAR NOT NULL DEFAULT '',
    commune_insee VARCHAR,
    surface_m2 DOUBLE PRECISION,
    rooms INTEGER,
    monthly_rent DOUBLE PRECISION,
    price DOUBLE PRECISION,
    available_from DATE,
    is_demo BOOLEAN NOT NULL DEFAULT false
);

CREATE TABLE offer_receptivity (
    offer_id BIGINT NOT NULL,
    item_id BIGINT NOT NULL,
    position INTEGER NOT NULL,
    PRIMARY KEY (offer_id, item_id)
);

-- Issue 17 (planned as 0013_partners; numbered 0011 on its branch, after the accounts branch's
-- 0009 and 0010, so that the versions stay 1..n; the integrator renumbers): partners as
-- records, their contacts, and the provenance of each pillar (who supplied it, who confirmed
-- it when), plus what a veille re-import changed.
--
-- Provenance sits in a table of its own rather than in a column of offers: store code that
-- rewrites an offer (delete, then insert under the same id) keeps it without knowing about
-- partners, as import_offers does for imports. receptivity_items, updated in place, gets its
-- partner_id beside its source_partner text.
CREATE SEQUENCE partner_id_seq START 1;
CREATE SEQUENCE partner_contact_id_seq START 1;

CREATE TABLE partners (
    id BIGINT PRIMARY KEY DEFAULT nextval('partner_id_seq'),
    name VARCHAR NOT NULL,
    normalised VARCHAR NOT NULL UNIQUE,   -- accueil.domain.access.normalise_organisation(name)
    kind VARCHAR NOT NULL,                -- accueil.domain.partners.PartnerKind
    territory VARCHAR NOT NULL DEFAULT '',
    communes VARCHAR[] NOT NULL DEFAULT [],   -- INSEE codes covered; empty: not said
    siren VARCHAR NOT NULL DEFAULT '',
    supplies VARCHAR[] NOT NULL DEFAULT [],   -- 'activite', 'logement', 'local', 'foncier', 'services'
    templates VARCHAR[] NOT NULL DEFAULT [],  -- names of import_templates their files use
    aliases VARCHAR[] NOT NULL DEFAULT [],    -- other names (normalised) merged into this one
    notes VARCHAR NOT NULL DEFAULT '',
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL
);

-- People to call (personal data: name, role, work email and phone only; see docs/partenaires.md).
CREATE TABLE partner_contacts (
    id BIGINT PRIMARY KEY DEFAULT nextval('partner_contact_id_seq'),
    partner_id BIGINT NOT NULL,
    name VARCHAR NOT NULL,
    role VARCHAR NOT NULL DEFAULT '',
    email VARCHAR NOT NULL DEFAULT '',
    phone VARCHAR NOT NULL DEFAULT '',
    updated_at TIMESTAMP NOT NULL
);

ALTER TABLE receptivity_items ADD COLUMN partner_id BIGINT;

-- One row per supplied thing: subject 'activite' (key: offer id), 'bien' (key: item id) or
-- 'amenites' (key: commune INSEE code). state 'plus_disponible' once the partner says it is
-- taken or no longer available.
CREATE TABLE provenance (
    subject VARCHAR NOT NULL,
    subject_key VARCHAR NOT NULL,
    partner_id BIGINT,
    confirmed_on DATE,
    confirmed_by VARCHAR NOT NULL DEFAULT '',
    state VARCHAR NOT NULL DEFAULT 'disponible',
    updated_at TIMESTAMP NOT NULL,
    PRIMARY KEY (subject, subject_key)
);

-- What a veille file's import changed, to undo it (import_batches.target = 'veille'): the
-- provenance row and the fields as they were before, as JSON.
CREATE TABLE import_veille (
    batch_id BIGINT NOT NULL,
    subject VARCHAR NOT NULL,
    subject_key VARCHAR NOT NULL,
    previous VARCHAR NOT NULL,
    PRIMARY KEY (batch_id, subject, subject_key)
);

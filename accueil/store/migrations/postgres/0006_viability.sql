-- Viability analyses as they were shown: the inputs, the assumptions and the whole report, as
-- JSON text written by accueil.domain.viability (to_dict), with the engine version that computed
-- them, so that a saved analysis is shown again identically even after the engine changes.
-- offer_id is NULL for an analysis of the built-in example. No foreign key: editing an offer
-- rewrites its row (accueil.store.offers.write_offers), and a saved analysis must survive that.
CREATE SEQUENCE viability_analysis_id_seq START 1;

CREATE TABLE viability_analyses (
    id BIGINT PRIMARY KEY DEFAULT nextval('viability_analysis_id_seq'),
    offer_id BIGINT,
    offer_title VARCHAR NOT NULL DEFAULT '',
    created_at TIMESTAMP NOT NULL,
    label VARCHAR NOT NULL,
    engine_version VARCHAR NOT NULL,
    kind VARCHAR NOT NULL,
    verdict VARCHAR NOT NULL,
    inputs VARCHAR NOT NULL,
    assumptions VARCHAR NOT NULL,
    report VARCHAR NOT NULL
);

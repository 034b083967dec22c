-- Territories a user can pick, and the communes of each.
-- Predefined ones (the Massif central, each département, each EPCI with communes in scope) are
-- views over the reference tables, so they follow every reload of data/reference/*.csv and can
-- never go stale. User-defined ones are a name and a set of communes, stored here.
-- Territory codes never collide: départements have 2-3 characters, EPCI a 9-digit SIREN, the
-- massif 'massif-central', user territories 'perso-<id>'.
CREATE SEQUENCE user_territory_id_seq START 1;

CREATE TABLE user_territories (
    id BIGINT PRIMARY KEY DEFAULT nextval('user_territory_id_seq'),
    name VARCHAR NOT NULL,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL
);

CREATE TABLE user_territory_communes (
    territory_id BIGINT NOT NULL,
    code_insee VARCHAR NOT NULL,
    PRIMARY KEY (territory_id, code_insee)
);

CREATE VIEW territories AS
SELECT 'massif' AS level, 'massif-central' AS code, 'Tout le Massif central' AS name,
       'périmètre approché par les départements entiers' AS note, 0 AS sort_group
UNION ALL
SELECT 'departement', code_departement, nom,
       CASE WHEN massif = 'partiel' THEN 'partiellement dans le massif' ELSE '' END, 1
FROM ref_departements
UNION ALL
SELECT 'epci', e.code_epci, e.nom, '', 2
FROM ref_epci e WHERE e.code_epci IN (SELECT code_epci FROM ref_communes)
UNION ALL
SELECT 'perso', 'perso-' || CAST(id AS VARCHAR), name, '', 3
FROM user_territories;

CREATE VIEW territory_communes AS
SELECT 'massif-central' AS territory_code, code_insee FROM ref_communes
UNION ALL
SELECT code_departement, code_insee FROM ref_communes
UNION ALL
SELECT code_epci, code_insee FROM ref_communes WHERE code_epci IS NOT NULL
UNION ALL
SELECT 'perso-' || CAST(u.territory_id AS VARCHAR), u.code_insee
FROM user_territory_communes u JOIN ref_communes c USING (code_insee);

-- Issue 13: the people who sign in. Minimal personal data (docs/donnees-personnelles.md): a
-- login, the name shown on screen, a role, a partner organisation and a scope; the password
-- only as an argon2id hash (argon2-cffi; the parameters travel inside the hash). ``scope``
-- holds territory codes (commune INSEE code, EPCI SIREN, département code), resolved to
-- communes through the territory_communes view, so an officer of an EPCI covers its communes
-- as the reference tables say today. An empty scope: the whole Massif central.
-- ``oidc_subject`` is the e-mail an OpenID Connect provider vouches for (optional sign-in).
-- Failed attempts are counted here, not per process, so throttling holds across instances.
CREATE SEQUENCE account_id_seq START 1;

CREATE TABLE accounts (
    id BIGINT PRIMARY KEY DEFAULT nextval('account_id_seq'),
    login VARCHAR NOT NULL,
    login_key VARCHAR NOT NULL UNIQUE,      -- lower(login): logins are case-insensitive
    display_name VARCHAR NOT NULL DEFAULT '',
    role VARCHAR NOT NULL,
    organisation VARCHAR NOT NULL DEFAULT '',
    scope VARCHAR[] NOT NULL DEFAULT [],
    oidc_subject VARCHAR,                   -- lower-case e-mail, or NULL
    password_hash VARCHAR NOT NULL DEFAULT '',  -- '' : no password sign-in (OIDC only)
    must_change_password BOOLEAN NOT NULL DEFAULT false,
    disabled BOOLEAN NOT NULL DEFAULT false,
    is_demo BOOLEAN NOT NULL DEFAULT false,
    failed_attempts INTEGER NOT NULL DEFAULT 0,
    last_failed_at TIMESTAMP,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL,
    last_sign_in_at TIMESTAMP
);

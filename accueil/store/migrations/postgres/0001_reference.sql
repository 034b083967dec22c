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

-- PostgreSQL only: the two functions DuckDB has built in and the store's SQL calls, so that
-- the same queries run on both engines. strip_accents as DuckDB's (Latin letters with
-- diacritics to their base letter); jaro_winkler_similarity as DuckDB's (Jaro similarity,
-- half the transpositions counted in whole numbers, boosted by 0.1 per common leading
-- character, at most 4, when above 0.7).
CREATE FUNCTION strip_accents(value TEXT) RETURNS TEXT
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$
    SELECT translate(value, 'ÀÁÂÃÄÅÇÈÉÊËÌÍÎÏÑÒÓÔÕÖÙÚÛÜÝàáâãäåçèéêëìíîïñòóôõöùúûüýÿĀāĂăĄąĆćĈĉĊċČčĎďĒēĔĕĖėĘęĚěĜĝĞğĠġĢģĤĥĨĩĪīĬĭĮįİĴĵĶķĹĺĻļĽľŃńŅņŇňŌōŎŏŐőŔŕŖŗŘřŚśŜŝŞşŠšŢţŤťŨũŪūŬŭŮůŰűŲųŴŵŶŷŸŹźŻżŽžƠơƯưǍǎǏǐǑǒǓǔǕǖǗǘǙǚǛǜǞǟǠǡǦǧǨǩǪǫǬǭǰǴǵǸǹǺǻȀȁȂȃȄȅȆȇȈȉȊȋȌȍȎȏȐȑȒȓȔȕȖȗȘșȚțȞȟȦȧȨȩȪȫȬȭȮȯȰȱȲȳ', 'AAAAAACEEEEIIIINOOOOOUUUUYaaaaaaceeeeiiiinooooouuuuyyAaAaAaCcCcCcCcDdEeEeEeEeEeGgGgGgGgHhIiIiIiIiIJjKkLlLlLlNnNnNnOoOoOoRrRrRrSsSsSsSsTtTtUuUuUuUuUuUuWwYyYZzZzZzOoUuAaIiOoUuUuUuUuUuAaAaGgKkOoOojGgNnAaAaAaEeEeIiIiOoOoRrRrUuUuSsTtHhAaEeOoOoOoOoYy')
$$;

CREATE FUNCTION jaro_winkler_similarity(a TEXT, b TEXT) RETURNS DOUBLE PRECISION
LANGUAGE plpgsql IMMUTABLE STRICT PARALLEL SAFE AS $$
DECLARE
    la INTEGER := length(a);
    lb INTEGER := length(b);
    window_size INTEGER;
    a_hit BOOLEAN[];
    b_hit BOOLEAN[];
    matches INTEGER := 0;
    transpositions INTEGER := 0;
    k INTEGER := 1;
    prefix INTEGER := 0;
    jaro DOUBLE PRECISION;
BEGIN
    IF la = 0 AND lb = 0 THEN
        RETURN 1.0;
    END IF;
    IF la = 0 OR lb = 0 THEN
        RETURN 0.0;
    END IF;
    window_size := greatest(greatest(la, lb) / 2 - 1, 0);
    a_hit := array_fill(false, ARRAY[la]);
    b_hit := array_fill(false, ARRAY[lb]);
    FOR i IN 1..la LOOP
        FOR j IN greatest(1, i - window_size)..least(lb, i + window_size) LOOP
            IF NOT b_hit[j] AND substr(a, i, 1) = substr(b, j, 1) THEN
                a_hit[i] := true;
                b_hit[j] := true;
                matches := matches + 1;
                EXIT;
            END IF;
        END LOOP;
    END LOOP;
    IF matches = 0 THEN
        RETURN 0.0;
    END IF;
    FOR i IN 1..la LOOP
        IF a_hit[i] THEN
            WHILE NOT b_hit[k] LOOP
                k := k + 1;
            END LOOP;
            IF substr(a, i, 1) <> substr(b, k, 1) THEN
                transpositions := transpositions + 1;
            END IF;
            k := k + 1;
        END IF;
    END LOOP;
    jaro := (matches::DOUBLE PRECISION / la + matches::DOUBLE PRECISION / lb
             + (matches - transpositions / 2)::DOUBLE PRECISION / matches) / 3.0;
    IF jaro > 0.7 THEN
        WHILE prefix < least(4, la, lb) AND substr(a, prefix + 1, 1) = substr(b, prefix + 1, 1) LOOP
            prefix := prefix + 1;
        END LOOP;
        jaro := jaro + prefix * 0.1 * (1.0 - jaro);
    END IF;
    RETURN jaro;
END
$$;

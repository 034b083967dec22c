-- PostgreSQL twin of ../0007_inputs.sql.
-- Issue 10: what partner files and the offer form say about a job and a headcount, kept as
-- said. A headcount is counted in full-time equivalents (2,5 ETP), so it becomes a decimal.
-- A job states its contract's length (CDD 6 mois) and weekly hours (28 h), a salary as a
-- range per hour, month or year (or words: "SMIC", "selon profil"), and a start date or "as
-- soon as possible"; an item may be free now without a date being invented for it.
ALTER TABLE offers ALTER COLUMN headcount TYPE DOUBLE PRECISION;
ALTER TABLE offers ADD COLUMN contract_months DOUBLE PRECISION;
ALTER TABLE offers ADD COLUMN weekly_hours DOUBLE PRECISION;
ALTER TABLE offers ADD COLUMN salary_min DOUBLE PRECISION;
ALTER TABLE offers ADD COLUMN salary_max DOUBLE PRECISION;
ALTER TABLE offers ADD COLUMN salary_period VARCHAR;   -- 'heure', 'mois' or 'an'
ALTER TABLE offers ADD COLUMN salary_note VARCHAR;     -- the words when no figure: 'SMIC', 'Selon profil'
ALTER TABLE offers ADD COLUMN start_date DATE;
ALTER TABLE offers ADD COLUMN start_asap BOOLEAN NOT NULL DEFAULT false;
ALTER TABLE receptivity_items ADD COLUMN available_now BOOLEAN NOT NULL DEFAULT false;

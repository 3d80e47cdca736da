-- The learning loop: alternatives and corrections point at the decision they replace,
-- and the derived preference pairs get a stable key so that re-deriving them (after a
-- reaction is removed or flipped) updates rows instead of duplicating them.

ALTER TABLE decisions ADD COLUMN parent_decision_id INTEGER REFERENCES decisions (id);
CREATE INDEX decisions_parent ON decisions (parent_decision_id);

-- Derived from decisions + feedback by core.learning.pairs; NULL keys are pairs written
-- before this migration (kept, never touched by re-derivation).
ALTER TABLE preference_pairs ADD COLUMN pair_key TEXT;
-- The model version whose training run first used the pair: NULL means "new".
ALTER TABLE preference_pairs ADD COLUMN trained_version_id INTEGER REFERENCES model_versions (id);
CREATE UNIQUE INDEX preference_pairs_key ON preference_pairs (pair_key) WHERE pair_key IS NOT NULL;

-- What became of a version: 'active' history lives in the active flag; 'rejected' marks a
-- candidate the gate refused (kept for its metrics).
ALTER TABLE model_versions ADD COLUMN status TEXT NOT NULL DEFAULT 'ready';

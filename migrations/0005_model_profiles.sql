-- What a model version's adapter was trained for (core.intent.profile.IntentProfile as
-- JSON: base model, prompt and grammar fingerprint, LoRA layers), so a version can be
-- checked against the running base before it is swapped in. NULL: recorded before
-- profiles existed (the adapter folder's own files still say what peft knew).
ALTER TABLE model_versions ADD COLUMN profile_json TEXT;

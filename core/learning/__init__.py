"""The learning loop: chat feedback → preference pairs → DPO retraining → gated versions."""

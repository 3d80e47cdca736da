"""IRPEM, the intent model: prompt, grammar, constrained decoding and loading."""

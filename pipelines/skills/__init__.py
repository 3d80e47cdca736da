"""Skills that need no diffusion model: plain image operations and small offline models."""

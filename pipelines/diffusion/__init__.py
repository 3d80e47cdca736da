"""Diffusion skills: one module per skill id, each exposing `run(args, images, ctx)`.

Modules import torch and diffusers at import time; the registry imports them by
dotted path only on a worker that runs them.
"""

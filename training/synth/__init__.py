"""DrawnConvos: compositional synthesis of multi-turn drawing dialogues for IRPEM training."""

from training.synth.dialogues import synthesize
from training.synth.splits import split, write_splits

__all__ = ["split", "synthesize", "write_splits"]

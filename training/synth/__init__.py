"""DrawnConvos: compositional synthesis of multi-turn drawing dialogues for IRPEM training."""

from training.synth.dialogues import synthesize
from training.synth.langmix import LanguageMix
from training.synth.splits import split, write_splits

__all__ = ["LanguageMix", "split", "synthesize", "write_splits"]

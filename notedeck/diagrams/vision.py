"""placeholder"""
from __future__ import annotations
from .registry import Concept, Drawing
DRAWINGS: tuple[Drawing, ...] = ()
CONCEPTS: tuple[Concept, ...] = ()

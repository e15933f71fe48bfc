"""Tests of the shared site repository (core, real git)."""

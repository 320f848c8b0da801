"""The fact fixture format: its dates, its validator and its loader (see fixtures/README.md)."""

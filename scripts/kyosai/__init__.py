"""Domain logic for the 小規模企業共済 publications (pure, importable, unit-tested)."""

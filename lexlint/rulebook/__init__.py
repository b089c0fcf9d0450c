"""The rulebook: phrasebooks (entries, moves, sequences) loaded from YAML, validated, layered and compiled."""

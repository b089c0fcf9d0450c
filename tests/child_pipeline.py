"""Loads the spaCy pipeline in a fresh interpreter and writes down which of spaCy's command-line modules
came with it (REPORT.json: `before`), then that spaCy's command line still works when asked for."""

from __future__ import annotations

import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

COMMAND_LINE = ("spacy.cli", "typer", "weasel")


def main(report: str) -> None:
    from lexlint.nlp import pipeline

    words = [t.text for t in pipeline("default")("Sorry about that.")]
    import spacy

    before = sorted(m for m in COMMAND_LINE if m in sys.modules)
    import spacy.cli

    Path(report).write_text(
        json.dumps(
            {
                "words": words,
                "before": before,
                "download": callable(spacy.cli.download),
                "typer_after": "typer" in sys.modules,
                "info": isinstance(spacy.info(silent=True), dict),
            }
        ),
        encoding="utf-8",
    )


if __name__ == "__main__":
    main(sys.argv[1])

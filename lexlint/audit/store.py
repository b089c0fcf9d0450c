"""An audit's output folder, written a partition at a time, so that a run stopped halfway goes on where it
stopped:

    OUT/audit.json                 what was audited with what (input, partition size, settings key)
    OUT/messages/part-00000.parquet  one row per reply (work.message_schema), a dataset of one file per partition
    OUT/findings/part-00000.parquet  one row per finding (work.finding_schema)
    OUT/parts/part-00000.json      the partition's tally; written last, so it marks the partition done
    OUT/tables/*.csv               the report's tables, written at the end
    OUT/summary.json               the totals and tables for other tools
    OUT/report.html                the report

Each file is written to a temporary name and renamed, so a file that is there is whole. A run over the same
input with the same settings skips the partitions marked done; any other run starts the folder over."""

from __future__ import annotations

import json
import os
import shutil
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from lexlint.audit import tally
from lexlint.audit.work import PartResult

MANIFEST = "audit.json"
FOLDERS = ("messages", "findings", "parts")


@dataclass(frozen=True)
class Store:
    root: str

    def path(self, *parts: str) -> str:
        return os.path.join(self.root, *parts)

    def open(self, manifest: dict[str, Any], resume: bool = True) -> set[int]:
        """Ready the folder for the run `manifest` describes; the partitions already done (none unless
        `resume` and the folder holds the same run)."""
        os.makedirs(self.root, exist_ok=True)
        same = resume and self._manifest() == manifest
        if not same:
            for folder in (*FOLDERS, "tables"):
                shutil.rmtree(self.path(folder), ignore_errors=True)
            self._write_text(MANIFEST, json.dumps(manifest, indent=2) + "\n")
        for folder in FOLDERS:
            os.makedirs(self.path(folder), exist_ok=True)
        return self.done() if same else set()

    def _manifest(self) -> dict[str, Any] | None:
        try:
            with open(self.path(MANIFEST), encoding="utf-8") as fh:
                found = json.load(fh)
        except (OSError, ValueError):
            return None
        return found if isinstance(found, dict) else None

    def done(self) -> set[int]:
        """The partitions whose tally is written (their tables were written before it)."""
        out = set()
        for name in os.listdir(self.path("parts")):
            if name.startswith("part-") and name.endswith(".json"):
                try:
                    out.add(int(name[5:-5]))
                except ValueError:
                    continue
        return out

    def write(self, result: PartResult) -> None:
        import pyarrow.parquet as pq

        name = f"part-{result.number:05d}"
        for folder, table in (("messages", result.messages), ("findings", result.findings)):
            target = self.path(folder, f"{name}.parquet")
            pq.write_table(table, target + ".tmp")
            os.replace(target + ".tmp", target)
        self._write_text(os.path.join("parts", f"{name}.json"), json.dumps(result.tally, ensure_ascii=False))

    def tallies(self) -> Iterator[tally.Tally]:
        """Every partition's tally, in partition order."""
        for index in sorted(self.done()):
            with open(self.path("parts", f"part-{index:05d}.json"), encoding="utf-8") as fh:
                yield json.load(fh)

    def total(self) -> tally.Tally:
        out = tally.new()
        for part in self.tallies():
            tally.merge(out, part)
        return out

    def _write_text(self, name: str, text: str) -> None:
        target = self.path(name)
        with open(target + ".tmp", "w", encoding="utf-8") as fh:
            fh.write(text)
        os.replace(target + ".tmp", target)

    def write_text(self, name: str, text: str) -> str:
        self._write_text(name, text)
        return self.path(name)

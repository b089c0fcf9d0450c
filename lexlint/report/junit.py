"""JUnit XML: one test case per file linted; each finding is a failure inside its file's case, a file not
linted (or not fixed) an error; configuration warnings in the suite's system-err; --statistics as the
suite's properties.

Text from the files is written with its control characters visible: XML 1.0 cannot hold most of them, even
escaped, and a report that does not parse fails the CI step that reads it."""

from __future__ import annotations

from collections import defaultdict

from lexlint.findings import Finding
from lexlint.report import Run, plural, rule_counts, visible

NAME = "junit"


def render(findings: list[Finding], run: Run) -> str:
    import xml.etree.ElementTree as ET  # here, not at the top: every run lists the formats

    by_path: dict[str, list[Finding]] = defaultdict(list)
    for f in findings:
        by_path[f.path].append(f)
    paths = list(dict.fromkeys([*run.paths, *run.sources, *by_path]))
    errors = {err.path: err for err in run.errors if err.path is not None}
    paths = list(dict.fromkeys([*paths, *errors]))
    failed = sum(1 for p in paths if by_path.get(p))
    suites = ET.Element(
        "testsuites", name="lexlint", tests=str(len(paths)), failures=str(failed), errors=str(len(errors))
    )
    suite = ET.SubElement(
        suites, "testsuite", name="lexlint", tests=str(len(paths)), failures=str(failed), errors=str(len(errors))
    )
    if run.statistics:  # before the cases, where JUnit readers look for a suite's properties
        properties = ET.SubElement(suite, "properties")
        for c in rule_counts(findings):
            ET.SubElement(properties, "property", name=f"lexlint.statistics.{c.rule}", value=str(c.total))
    for path in paths:
        case = ET.SubElement(suite, "testcase", classname="lexlint", name=visible(path), file=visible(path))
        if path in errors:  # not linted
            ET.SubElement(case, "error", type="lexlint", message=visible(str(errors[path])))
        found = by_path.get(path, [])
        if found:
            lines = [
                visible(f"{f.path}:{f.line}:{f.column}: {f.rule} ({f.severity}) {f.message}")
                + (f"\n  try: {visible(f.suggestion)}" if f.suggestion else "")
                for f in found
            ]
            failure = ET.SubElement(case, "failure", type="lexlint", message=plural(len(found), "finding"))
            failure.text = "\n".join(lines)
    if run.warnings:
        ET.SubElement(suite, "system-err").text = "\n".join(visible(f"lexlint: warning: {w}") for w in run.warnings)
    ET.indent(suites)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(suites, encoding="unicode") + "\n"

from lexlint.cli import entry

entry()

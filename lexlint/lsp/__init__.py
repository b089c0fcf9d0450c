"""`lexlint lsp`: a language server over the one lint path, for any editor with an LSP client.

`server` wires pygls to the rest: documents kept as the client edits them (`documents`), each linted with
the configuration `lexlint check` would find for its path (`setups`: one warm Linter per config and profile
set, reloaded when the config or a phrasebook changes), findings sent as diagnostics (`diagnostics`), the
rewrites and suppressions offered as code actions (`actions`, through the fixer's proof), and a phrasebook
file checked for its own errors and failing examples (`phrasebooks`). `positions` converts between file
offsets and LSP's line and character units. pygls and lsprotocol come with the `lsp` extra; only `server`
and the command import them."""

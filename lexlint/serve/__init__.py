"""`lexlint serve`: an HTTP API over the one lint path, kept warm between requests.

`service` holds the resolved configuration and one compiled `Linter` per loaded profile set and answers
requests without any web framework; `app` is the Starlette application (native `/v1`, LanguageTool's
`/v2`), `languagetool` maps findings to LanguageTool's response, `limits` holds the server's bounds and the
work queue, `openapi` the API's description. `client` is the other end, `lexlint check --server`, on the
standard library alone. Starlette and uvicorn come with the `serve` extra; only `app` and the command import them."""

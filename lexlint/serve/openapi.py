"""The API's OpenAPI 3.0 document, served at /openapi.json: every route, its fields and its answers. Written
by hand (the app has no schema generator); `kinds` and `profiles` are the server's own."""

from __future__ import annotations

from typing import Any

from lexlint import __version__

_ERRORS = {
    "400": "Malformed request: not JSON, a form field LanguageTool would refuse",
    "401": "No API token given (the server was started with one)",
    "403": "Wrong API token, or a request from an origin not allowed",
    "413": "Request body over the server's limit",
    "422": "Well-formed but not answerable: an unknown field, kind or profile, or text its reader refuses",
    "503": "Queue full or time limit reached; retry after the Retry-After header's seconds",
}
_STR = {"type": "string"}
_INT = {"type": "integer"}
_STRS = {"type": "array", "items": _STR}


def _answers(ok: dict[str, Any], *errors: str, media: str = "application/json") -> dict[str, Any]:
    out: dict[str, Any] = {"200": {"description": "OK", "content": {media: {"schema": ok}}}}
    for code in errors:
        out[code] = {"description": _ERRORS[code], "content": {"application/json": {"schema": _ref("Error")}}}
    return out


# where a finding or a sentence stands: lines and columns 1-based, the end exclusive
_PLACE = {"path": _STR, "line": _INT, "column": _INT, "end_line": _INT, "end_column": _INT}


def _ref(name: str) -> dict[str, str]:
    return {"$ref": f"#/components/schemas/{name}"}


def _json_body(schema: dict[str, Any]) -> dict[str, Any]:
    return {"required": True, "content": {"application/json": {"schema": schema}}}


def _page_file(summary: str, media: str) -> dict[str, Any]:
    return {"get": {"summary": summary, "security": [], "responses": _answers(_STR, media=media)}}


def document(kinds: list[str], profiles: list[str]) -> dict[str, Any]:
    ids = {"oneOf": [_STRS, _STR], "description": "Rule ids or tags: a list, or one comma-separated string"}
    lint_fields: dict[str, Any] = {
        "text": {**_STR, "description": "The message to lint; positions in the answer point into it"},
        "context": {**_STR, "description": "The customer's message being answered"},
        "kind": {**_STR, "enum": kinds, "default": "draft", "description": "How the text is read"},
        "select": ids,
        "ignore": ids,
        "profile": {
            "type": "string",
            "nullable": True,
            "enum": [*profiles, None],
            "description": "One ordering profile loaded at start to add; null for none",
        },
    }
    # a query cannot say null: the parameter is described only where there is a profile to name
    by_profile = (
        [{"name": "profile", "in": "query", "schema": {"type": "string", "enum": profiles}}] if profiles else []
    )
    lint_body = {"type": "object", "required": ["text"], "additionalProperties": False, "properties": lint_fields}
    one_finding = {
        "type": "object",
        "required": ["line", "column", "rule"],
        "additionalProperties": False,
        "properties": {"line": _INT, "column": _INT, "rule": _STR},
        "description": "Apply only this finding's rewrite: where it starts (line and column as /v1/lint gives "
        "them) and its rule; 422 when the text has no such finding",
    }
    fix_body = {
        **lint_body,
        "properties": {**lint_fields, "unsafe": {"type": "boolean", "default": False}, "finding": one_finding},
    }
    shape = {"type": "boolean", "default": False, "description": "Also every sentence with the moves it carries"}
    lint_body = {**lint_body, "properties": {**lint_fields, "sentences": shape}}
    nullable = {"type": "string", "nullable": True}
    file_body = {
        "type": "object",
        "required": ["text", "name"],
        "additionalProperties": False,
        "properties": {
            "text": _STR,
            "name": {**_STR, "pattern": "^[^/]+$", "description": "The file's name: its reader; never opened"},
            "context": _STR,
            "input_format": nullable,
            "fields": _STRS,
            "column": nullable,
            "context_field": nullable,
            "profile": lint_fields["profile"],
        },
    }
    calls = ("400", "401", "403", "413", "422", "503")
    lt_form = {
        "type": "object",
        "properties": {
            "text": _STR,
            "data": {**_STR, "description": 'JSON: {"annotation": [{"text": …} | {"markup": …, "interpretAs": …}]}'},
            "language": {**_STR, "default": "auto"},
            "enabledRules": _STR,
            "disabledRules": _STR,
            "enabledCategories": _STR,
            "disabledCategories": _STR,
            "enabledOnly": {"type": "string", "enum": ["true", "false"]},
            "apiKey": {**_STR, "description": "The API token, for clients that cannot send a header"},
        },
    }
    return {
        "openapi": "3.0.3",
        "info": {
            "title": "lexlint",
            "version": __version__,
            "description": "Lint customer-service messages against a phrasebook; LanguageTool-compatible /v2.",
        },
        "components": {
            "securitySchemes": {"token": {"type": "http", "scheme": "bearer"}},
            "schemas": {
                "Error": {
                    "type": "object",
                    "required": ["error"],
                    "properties": {"error": _STR},
                },
                "Finding": {
                    "type": "object",
                    "required": [*_PLACE, "rule", "severity", "message"],
                    "properties": {
                        **_PLACE,
                        "rule": _STR,
                        "severity": {"type": "string", "enum": ["error", "warning", "info"]},
                        "message": _STR,
                        "matched": _STR,
                        "suggestion": {"type": "string", "nullable": True},
                        "fix": {"type": "string", "enum": ["safe", "unsafe", "none"]},
                    },
                },
                "Lint": {
                    "type": "object",
                    "required": ["version", "findings", "summary"],
                    "properties": {
                        "version": _INT,
                        "findings": {"type": "array", "items": _ref("Finding")},
                        "summary": {"type": "object", "additionalProperties": _INT},
                        "file_errors": {"type": "array", "items": {"type": "object"}},
                        "sentences": {"type": "array", "items": _ref("Sentence")},
                    },
                },
                "Sentence": {
                    "type": "object",
                    "required": [*_PLACE, "text", "moves"],
                    "properties": {
                        **_PLACE,
                        "text": _STR,
                        "moves": _STRS,
                    },
                },
                "Fix": {
                    "type": "object",
                    "required": ["text", "applied", "refused"],
                    "properties": {
                        "text": _STR,
                        "applied": _INT,
                        "refused": {"type": "array", "items": {"type": "object"}},
                    },
                },
                "Check": {
                    "type": "object",
                    "required": ["software", "language", "matches"],
                    "properties": {
                        "software": {"type": "object", "required": ["name", "version", "buildDate", "apiVersion"]},
                        "language": {"type": "object", "required": ["name", "code", "detectedLanguage"]},
                        "matches": {
                            "type": "array",
                            "items": {
                                "type": "object",
                                "required": ["message", "replacements", "offset", "length", "context", "rule"],
                                "properties": {"offset": _INT, "length": _INT},
                            },
                        },
                    },
                },
            },
        },
        "security": [{"token": []}, {}],
        "paths": {
            "/v1/health": {
                "get": {
                    "summary": "Whether the server is up, and what it loaded",
                    "security": [],
                    "responses": _answers({"type": "object", "required": ["status"]}),
                }
            },
            "/v1/lint": {
                "post": {
                    "summary": "Findings in a message, as `lexlint check --format json` gives them; with "
                    "`sentences`, also the message's shape (each sentence and its moves)",
                    "requestBody": _json_body(lint_body),
                    "responses": _answers(_ref("Lint"), *calls),
                }
            },
            "/v1/fix": {
                "post": {
                    "summary": "The message with its rewrites applied (with `finding`, that one finding's only), "
                    "and the fixes refused",
                    "requestBody": _json_body(fix_body),
                    "responses": _answers(_ref("Fix"), *calls),
                }
            },
            "/v1/findings": {
                "post": {
                    "summary": "The rules' findings in a file's text before any configuration, every field of each "
                    "(what `lexlint check --server` asks for)",
                    "requestBody": _json_body(file_body),
                    "responses": _answers(
                        {
                            "type": "object",
                            "required": ["findings"],
                            "properties": {"findings": {"type": "array", "items": {"type": "array"}}},
                        },
                        *calls,
                    ),
                }
            },
            "/v1/rules": {
                "get": {
                    "summary": "The active entries and sequences",
                    "parameters": by_profile,
                    "responses": _answers({"type": "object", "required": ["rules"]}, "401", "403", "422"),
                }
            },
            "/v1/rules/{rule_id}": {
                "get": {
                    "summary": "What `lexlint explain` says about a rule",
                    "parameters": [
                        {"name": "rule_id", "in": "path", "required": True, "schema": _STR},
                        *by_profile,
                    ],
                    "responses": {
                        **_answers({"type": "object", "required": ["id", "text"]}, "401", "403", "422"),
                        "404": {
                            "description": "No such rule",
                            "content": {"application/json": {"schema": _ref("Error")}},
                        },
                    },
                }
            },
            "/v2/check": {
                "post": {
                    "summary": "LanguageTool's check: matches with offsets in UTF-16 code units",
                    "requestBody": {
                        "required": True,
                        "content": {"application/x-www-form-urlencoded": {"schema": lt_form}},
                    },
                    "responses": _answers(_ref("Check"), *calls),
                }
            },
            "/v2/languages": {
                "get": {
                    "summary": "The languages checked, as LanguageTool lists them",
                    "responses": _answers({"type": "array", "items": {"type": "object"}}, "401", "403"),
                }
            },
            "/openapi.json": {
                "get": {"summary": "This document", "security": [], "responses": _answers({"type": "object"})}
            },
            "/": _page_file("The writer's page: a draft linted as it is written, in the browser", "text/html"),
            "/page.js": _page_file("The writer's page's script", "text/javascript"),
            "/page.css": _page_file("The writer's page's style sheet", "text/css"),
            "/favicon.svg": _page_file("The writer's page's icon", "image/svg+xml"),
        },
    }

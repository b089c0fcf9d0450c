"""A run: files in, findings and per-file errors out — with the cache, worker processes and progress."""

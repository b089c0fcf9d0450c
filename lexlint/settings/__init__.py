"""Settings: the project's configuration file, its globs, and baselines of accepted findings."""

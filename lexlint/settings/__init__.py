"""Settings: the project's configuration file and its globs, a run's plan (config, files, phrasebooks), and
baselines of accepted findings."""

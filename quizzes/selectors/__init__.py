"""Reads: each module a concept (study_queue, progress, quiz_results, teaching). A selector
never writes; call sites import the module they read from."""

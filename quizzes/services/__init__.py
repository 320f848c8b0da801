"""Writes, each module a concept (study, attempts, authoring): call sites import the module
(or the function) they use. Each service is one transaction; views call exactly one."""

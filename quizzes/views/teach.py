"""Teacher pages (sets, question editor, copy, import/export, results)."""

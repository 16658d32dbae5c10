"""Importing files that bring more than documents into a project (codebooks, codings)."""

"""Summarizing: an Article becomes a key-facts Brief; briefs become Stories."""

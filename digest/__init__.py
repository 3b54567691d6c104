"""digest: a daily news-briefing generator (extractive key-facts briefs, feeds, email digest)."""

__version__ = "0.1.0"

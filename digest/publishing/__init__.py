"""Publishing: briefs and digests rendered to pages, feeds and mail, written atomically."""

"""The build: scan, plan, summarize, render and apply, with the state it keeps."""

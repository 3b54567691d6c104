"""Text: cleaning boilerplate, splitting sentences, small string helpers."""

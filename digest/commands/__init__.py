"""The commands beyond `digest build`: brief, watch, serve and send."""

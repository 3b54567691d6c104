"""`digest stories`: every story in the state with its members and what joined each one.

It reads the state a build left (no file is read again, nothing is written), so a user can
see why two articles were put together, and the story benchmark can score the grouping.
"""

from __future__ import annotations

from typing import Any

from digest.building.state import State
from digest.building.summaries import published_brief
from digest.config import Settings
from digest.errors import DigestError
from digest.models import Entry, Story
from digest.summarizing.stories import make_stories


def load_stories(settings: Settings) -> tuple[list[Story], dict[str, Entry]]:
    """Every story over every article the state holds, and the entries by brief id."""
    if not settings.state_file.is_file():
        raise DigestError(
            f"no state in {settings.out_dir}; run `digest build` first (or pass --out DIR)"
        )
    with State(settings.state_file) as state:
        entries = list(state.previous().entries.values())
        summaries = state.summaries(e.summary_key for e in entries)
    briefs = [
        published_brief(summaries[e.summary_key], e, settings.tz)
        for e in entries
        if e.summary_key in summaries
    ]
    return make_stories(briefs), {e.id: e for e in entries}


def story_json(story: Story, entries: dict[str, Entry]) -> dict[str, Any]:
    """One story as `digest stories --json` prints it."""
    files = {b.id: b.relpath for b in story.briefs}
    first_seen = min(entries[b.id].first_seen for b in story.briefs if b.id in entries)
    return {
        "id": story.id,
        "title": story.title,
        "topline": story.topline,
        "facts": [
            {
                "text": f.text,
                "source": files[f.sources[0]],
                "sources": [files[s] for s in f.sources],
                "dropped": list(f.redundant),  # the other sources' sentences that say it
            }
            for f in story.facts
        ],
        "members": [
            {
                "file": b.relpath,
                "title": b.title,
                "date": b.published.isoformat(),
                "outlet": b.source or None,
                "why": why,
            }
            for b, why in zip(story.briefs, story.why, strict=True)
        ],
        "first_seen": first_seen.isoformat(),
        "updated": story.updated.isoformat(),
    }


def story_text(story: Story) -> str:
    """One story for the terminal: its brief, then each member and why it joined."""
    files = {b.id: b.relpath for b in story.briefs}
    lines = [
        f"{story.title}",
        f"  {len(story.briefs)} {'article' if len(story.briefs) == 1 else 'articles'}; id {story.id}",
    ]
    if story.topline:
        lines.append(f"  {story.topline}")
    for fact in story.facts:
        lines.append(f"  - {fact.text} [{', '.join(files[s] for s in fact.sources)}]")
    for brief, why in zip(story.briefs, story.why, strict=True):
        outlet = f", {brief.source}" if brief.source else ""
        lines.append(f"  * {brief.relpath} ({brief.published.date().isoformat()}{outlet}): {why}")
    return "\n".join(lines) + "\n"

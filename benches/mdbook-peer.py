#!/usr/bin/env python3
"""Turn a briefbook project into an mdBook book holding the same markdown,
for benches/side-by-side.sh's peer (issue 9).

    benches/mdbook-peer.py PROJECT BOOK

Every entry (briefs, actors, events, sources) becomes one chapter: its
front-matter goes, its title becomes the chapter's heading, its body is
kept byte for byte (briefbook's own marks, such as [@source, "…"] and
[[event-1]], stay as text: mdBook renders them as plain prose). SUMMARY.md
lists the chapters by kind, as briefbook's own lists do. mdBook's default
HTML renderer then does the comparable work: a page per chapter with the
book's navigation, the whole book on print.html, and a search index.
"""
import os
import sys

KINDS = ["briefs", "actors", "events", "sources"]


def split(text):
    """(title, body) of an entry: the front-matter's title, and what follows
    the front-matter."""
    title = None
    if text.startswith("---\n"):
        end = text.find("\n---\n", 4)
        if end != -1:
            for line in text[4:end].splitlines():
                if line.startswith("title:"):
                    title = line[len("title:"):].strip().strip('"')
            text = text[end + len("\n---\n"):]
    return title, text


def main():
    project, book = sys.argv[1], sys.argv[2]
    src = os.path.join(book, "src")
    os.makedirs(src, exist_ok=True)
    summary = ["# Summary", ""]
    for kind in KINDS:
        folder = os.path.join(project, "content", kind)
        if not os.path.isdir(folder):
            continue
        os.makedirs(os.path.join(src, kind), exist_ok=True)
        summary += ["", f"# {kind.capitalize()}", ""]
        for name in sorted(os.listdir(folder)):
            if not name.endswith(".md"):
                continue
            with open(os.path.join(folder, name), encoding="utf-8") as f:
                title, body = split(f.read())
            title = title or name[:-3]
            with open(os.path.join(src, kind, name), "w", encoding="utf-8") as f:
                f.write(f"# {title}\n\n{body}")
            label = title.replace("[", "(").replace("]", ")")
            summary.append(f"- [{label}]({kind}/{name})")
    with open(os.path.join(src, "SUMMARY.md"), "w", encoding="utf-8") as f:
        f.write("\n".join(summary) + "\n")
    with open(os.path.join(book, "book.toml"), "w", encoding="utf-8") as f:
        f.write('[book]\ntitle = "Synthetic briefing"\n\n[output.html]\n\n[output.html.search]\nenable = true\n')


if __name__ == "__main__":
    main()

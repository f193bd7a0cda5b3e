#!/usr/bin/env python3
"""Writes a corpus of RSS feeds for scripts/crash-test.sh (Python standard library only).

    python3 scripts/gen_feeds.py DIR FEEDS ROUND [ITEMS]

Writes DIR/f0.xml … DIR/f{FEEDS-1}.xml, each with ITEMS (default 20) items whose guids
and titles carry ROUND, so every round brings new articles to store. Links point at a
closed loopback port: nothing ever reaches the network.
"""

import os
import sys

BODY = (
    "<p>Lorem ipsum dolor sit amet, consectetur adipiscing elit, sed do eiusmod tempor "
    "incididunt ut labore et dolore magna aliqua. Ut enim ad minim veniam.</p>"
) * 12


def feed(f, rnd, items):
    out = [
        '<?xml version="1.0" encoding="UTF-8"?>\n<rss version="2.0"><channel>',
        f"<title>Feed {f}</title><link>http://127.0.0.1:9/</link>\n",
    ]
    for i in range(items):
        out.append(
            f"<item><title>Feed {f} round {rnd} item {i}</title>"
            f"<guid>f{f}-r{rnd}-i{i}</guid><link>http://127.0.0.1:9/{f}/{rnd}/{i}</link>"
            f"<description><![CDATA[{BODY}<p>round {rnd} item {i}</p>]]></description></item>\n"
        )
    out.append("</channel></rss>\n")
    return "".join(out)


def main():
    directory, feeds, rnd = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
    items = int(sys.argv[4]) if len(sys.argv) > 4 else 20
    os.makedirs(directory, exist_ok=True)
    for f in range(feeds):
        path = os.path.join(directory, f"f{f}.xml")
        with open(path + ".tmp", "w", encoding="utf-8") as out:
            out.write(feed(f, rnd, items))
        os.replace(path + ".tmp", path)


if __name__ == "__main__":
    main()

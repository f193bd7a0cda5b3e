#!/usr/bin/env python3
"""A loopback HTTP server serving every hostile case of tests/hostile.rs, for
scripts/hostile-memory.sh (and for poking at griot by hand).

    python3 scripts/hostile_server.py PORT_FILE

Binds 127.0.0.1 on a free port, writes "http://127.0.0.1:PORT" to PORT_FILE once it
listens, and serves until killed. `GET /urls` lists every case's URL (a newsboat urls
file ready for `griot import`). Python standard library only.
"""

import gzip
import http.server
import io
import socketserver
import sys
import threading
import time

RSS_HEAD = (
    '<?xml version="1.0" encoding="UTF-8"?>\n<rss version="2.0"><channel>'
    "<title>Hostile</title><link>http://example.org/</link>\n"
)
RSS_TAIL = "</channel></rss>\n"


def item(guid, title, body):
    return (
        f"<item><title>{title}</title><guid>{guid}</guid>"
        f"<link>http://example.org/{guid}</link><description>{body}</description></item>\n"
    )


HEALTHY = (
    RSS_HEAD.replace("Hostile", "Healthy")
    + "".join(item(f"h{i}", f"Healthy story {i}", "Fine.") for i in range(1, 4))
    + RSS_TAIL
).encode()


def big_feed(size):
    para = (
        "&lt;p&gt;Lorem ipsum dolor sit amet, consectetur adipiscing elit, sed do eiusmod "
        "tempor incididunt ut labore et dolore magna aliqua.&lt;/p&gt;\n"
    )
    body = para * (100_000 // len(para))
    parts = [RSS_HEAD]
    total, n = len(RSS_HEAD), 0
    while total < size:
        it = item(f"big{n}", f"Big item {n}", body)
        parts.append(it)
        total += len(it)
        n += 1
    parts.append(RSS_TAIL)
    return "".join(parts).encode()


def many_items(n):
    return (
        RSS_HEAD
        + "".join(item(f"i{i}", f"Item number {i}", "Short.") for i in range(n))
        + RSS_TAIL
    ).encode()


def one_line_body():
    words = "lorem ipsum dolor sit amet " * (5_000_000 // 27)
    body = f"<![CDATA[<p>{words}{'x' * 5_000_000}</p>]]>"
    return (RSS_HEAD + item("one", "A very long line", body) + RSS_TAIL).encode()


BILLION_LAUGHS = (
    '<?xml version="1.0"?>\n<!DOCTYPE rss [\n <!ENTITY lol "lol">\n'
    + "".join(
        f' <!ENTITY lol{i} "{("&lol" + ("" if i == 1 else str(i - 1)) + ";") * 10}">\n'
        for i in range(1, 10)
    )
    + "]>\n"
    + '<rss version="2.0"><channel><title>Laughs &lol9;</title>'
    + "<item><title>Laugh &lol9;</title><guid>laugh</guid><description>&lol9;</description></item>"
    + RSS_TAIL
).encode()


def deep_xml(depth=100_000):
    return (
        RSS_HEAD
        + item("before", "Before the pit", "ok")
        + "<x>" * depth
        + "</x>" * depth
        + item("after", "After the pit", "ok")
        + RSS_TAIL
    ).encode()


def deep_html(depth=100_000):
    body = f"<![CDATA[{'<div><b>' * (depth // 2)}deep text{'</b></div>' * (depth // 2)}]]>"
    return (RSS_HEAD + item("deep", "Deep HTML", body) + RSS_TAIL).encode()


BAD_BYTES = (
    RSS_HEAD.encode()
    + b"<item><title>Broken \xff\xfe bytes\x00 and NUL\x00</title><guid>bad1</guid>"
    + b"<description>Body \xc3\x28 with \x00 NUL and \xed\xa0\x80 surrogate</description></item>\n"
    + b"<item><title>Clean neighbour</title><guid>bad2</guid><description>fine</description></item>\n"
    + RSS_TAIL.encode()
)

ESCAPES = (
    RSS_HEAD.replace("<title>Hostile</title>", "<title>Feed \x1b]0;pwned\x07 \u202etitle</title>")
    + "<item><title>Raw \x1b[31mred\x1b[0m \x1b]52;c;ZWNobyBwd25lZA==\x07 clip \u009b2J "
    "\u202eevil\u202c \u2066iso\u2069</title><guid>esc1</guid>"
    "<description><![CDATA[<p>Body \x1b]52;c;ZWNobyBwd25lZA==\x1b\\ text \u202ertl</p>]]>"
    "</description></item>\n"
    + "<item><title>Refs &#x1b;[31mred &#x1b;]52;c;ZWNobw==&#x7; &#x202e;evil</title>"
    "<guid>esc2</guid><description>plain</description></item>\n"
    + RSS_TAIL
).encode()


def long_fields():
    t, link, guid = "T" * 10240, "http://example.org/" + "p" * 10240, "g" + "u" * 10240
    return (
        RSS_HEAD
        + f"<item><title>{t}</title><guid>{guid}</guid><link>{link}</link>"
        "<description>Long fields.</description></item>\n"
        + item("short", "Short neighbour", "fine")
        + RSS_TAIL
    ).encode()


def truncated():
    full = many_items(20)
    return full[: len(full) * 2 // 3]


def gzip_bomb(size):
    buf = io.BytesIO()
    with gzip.GzipFile(fileobj=buf, mode="wb", compresslevel=9) as z:
        chunk = b"\0" * (1 << 20)
        for _ in range(size >> 20):
            z.write(chunk)
    return buf.getvalue()


HTML_PAGE = (
    b"<!DOCTYPE html><html><head><title>Not a feed</title></head>"
    b"<body><h1>Welcome</h1><p>A web page, not a feed.</p></body></html>"
)

# path -> (kind, payload)
ROUTES = {
    "/healthy.xml": ("bytes", HEALTHY),
    "/trickle.xml": ("trickle", RSS_HEAD.encode()),
    "/stall.xml": ("stall", None),
    "/endless.xml": ("endless", None),
    "/bomb.xml": ("gzip", gzip_bomb(256 << 20)),
    "/big50.xml": ("bytes", big_feed(50_000_000)),
    "/items10k.xml": ("bytes", many_items(10_000)),
    "/loop-a": ("redirect", "/loop-b"),
    "/loop-b": ("redirect", "/loop-a"),
    "/to-file": ("redirect", "file:///etc/passwd"),
    "/page.html": ("html", HTML_PAGE),
    "/truncated.xml": ("bytes", truncated()),
    "/laughs.xml": ("bytes", BILLION_LAUGHS),
    "/deep-xml.xml": ("bytes", deep_xml()),
    "/deep-html.xml": ("bytes", deep_html()),
    "/bad-bytes.xml": ("bytes", BAD_BYTES),
    "/escapes.xml": ("bytes", ESCAPES),
    "/long.xml": ("bytes", long_fields()),
    "/one-line.xml": ("bytes", one_line_body()),
}


class Handler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.0"

    def log_message(self, *args):
        pass

    def do_GET(self):
        path = self.path.split("?")[0]
        if path == "/urls":
            base = f"http://127.0.0.1:{self.server.server_address[1]}"
            body = "".join(f"{base}{p}\n" for p in ROUTES if p != "/loop-b").encode()
            return self.send_bytes(body, "text/plain")
        kind, payload = ROUTES.get(path, ("missing", None))
        try:
            if kind == "bytes":
                self.send_bytes(payload, "application/rss+xml")
            elif kind == "html":
                self.send_bytes(payload, "text/html")
            elif kind == "gzip":
                self.send_bytes(payload, "application/rss+xml", {"Content-Encoding": "gzip"})
            elif kind == "redirect":
                self.send_response(302)
                self.send_header("Location", payload)
                self.end_headers()
            elif kind == "trickle":
                self.send_response(200)
                self.end_headers()
                self.wfile.write(payload)
                while True:
                    self.wfile.write(b" ")
                    self.wfile.flush()
                    time.sleep(0.2)
            elif kind == "stall":
                self.send_response(200)
                self.send_header("Content-Length", "1000")
                self.end_headers()
                self.wfile.flush()
                self.rfile.read(1)  # until the client hangs up
            elif kind == "endless":
                self.send_response(200)
                self.end_headers()
                chunk = b"x" * 65536
                while True:
                    self.wfile.write(chunk)
            else:
                self.send_bytes(b"not found", "text/plain", status=404)
        except (BrokenPipeError, ConnectionResetError):
            pass

    def send_bytes(self, body, ctype, extra=None, status=200):
        self.send_response(status)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(body)))
        for k, v in (extra or {}).items():
            self.send_header(k, v)
        self.end_headers()
        self.wfile.write(body)


class Server(socketserver.ThreadingMixIn, http.server.HTTPServer):
    daemon_threads = True


def main():
    server = Server(("127.0.0.1", 0), Handler)
    with open(sys.argv[1], "w") as f:
        f.write(f"http://127.0.0.1:{server.server_address[1]}\n")
    server.serve_forever()


if __name__ == "__main__":
    main()

#!/usr/bin/env python3
"""Regenerates the small bad-input corpus in this folder (or the folder given as argument).

Every file is deterministic, so re-running the script leaves git clean. The large hazards
(100 MB lines, a gzip bomb) are made by make-large.sh instead and are never committed.
"""

import gzip
import io
import os
import random
import sys

OUT = sys.argv[1] if len(sys.argv) > 1 else os.path.dirname(os.path.abspath(__file__))

PARA = (
    "The council met on Tuesday to discuss the new water agreement. "
    "Officials said the talks would continue next month in the capital."
)


def write(name, data):
    if isinstance(data, str):
        data = data.encode("utf-8")
    with open(os.path.join(OUT, name), "wb") as f:
        f.write(data)


def gz(data):
    if isinstance(data, str):
        data = data.encode("utf-8")
    buf = io.BytesIO()
    # mtime=0 keeps the output byte-identical between runs.
    with gzip.GzipFile(fileobj=buf, mode="wb", mtime=0) as f:
        f.write(data)
    return buf.getvalue()


def warc_record(warc_type, headers, block):
    head = f"WARC/1.0\r\nWARC-Type: {warc_type}\r\n"
    for k, v in headers:
        head += f"{k}: {v}\r\n"
    head += f"Content-Length: {len(block)}\r\n\r\n"
    return head.encode() + block + b"\r\n\r\n"


def response(uri, status, http_headers, body):
    block = f"HTTP/1.1 {status} X\r\n{http_headers}\r\n".encode() + body
    return warc_record(
        "response",
        [
            ("WARC-Target-URI", uri),
            ("WARC-Record-ID", f"<urn:uuid:{uri}>"),
            ("Content-Type", "application/http; msgtype=response"),
        ],
        block,
    )


def page(title, text):
    return f"<!doctype html><html><head><title>{title}</title></head><body><article><h1>{title}</h1><p>{text}</p><p>{text}</p></article></body></html>".encode()


def main():
    rnd = random.Random(20240501)

    # --- plain files and encodings
    write("empty.txt", b"")
    write("whitespace-only.txt", "  \n\n\t \r\n   \n")
    write("binary-random.bin", bytes(rnd.getrandbits(8) for _ in range(4096)))
    write("binary-nul-bytes.txt", b"PK\x03\x04\x14\x00\x00\x00\x08\x00" + b"\x00" * 200 + PARA.encode())
    write("control-chars.txt", bytes(rnd.choice([1, 2, 3, 4, 5, 6, 7, 8, 14, 15, 16, 17]) for _ in range(2000)))
    write("invalid-utf8.txt", (PARA + " Çalışma grubu toplandı. ").encode() + b"\xff\xfe\xc3(" + PARA.encode())
    write(
        "latin1-no-declaration.txt",
        ("Le président a déclaré mardi que la réunion était très importante pour l'économie "
         "de la région. Les négociations reprendront à Genève le mois prochain.\n").encode("latin-1"),
    )
    write("utf16-bom.txt", (PARA + "\n\nİkinci paragraf burada.").encode("utf-16"))
    write("utf16-bom.html", ("<html><body><p>" + PARA + "</p></body></html>").encode("utf-16"))
    write(
        "html-meta-charset-cp1251.html",
        b'<html><head><meta http-equiv="Content-Type" content="text/html; charset=windows-1251">'
        + b"</head><body><p>" + ("Совет собрался во вторник, чтобы обсудить новое соглашение о воде. " * 3).encode("cp1251")
        + b"</p></body></html>",
    )
    write("text-long-line-4mb.txt.gz", gz(("word " * ((4 << 20) // 5)).encode()))

    # --- hostile HTML
    depth = 10000
    write("html-deep-nesting-10000.html", "<html><body>" + "<div>" * depth + "<p>" + PARA + "</p>" + "</div>" * depth + "</body></html>")
    write("html-deep-unclosed-10000.html", "<html><body>" + "<div><span>" * depth + "<p>" + PARA)
    write(
        "html-huge-attribute.html.gz",
        gz('<html><body><div data-x="' + "A" * (8 << 20) + '"><p>' + PARA + "</p></div></body></html>"),
    )
    write("html-unterminated-comment.html", "<html><body><p>" + PARA + "</p><!-- never closed " + "x" * 5000)
    write("html-no-text.html", "<html><head><script>var a = 1;</script><style>p{}</style></head><body><img src=x></body></html>")
    write("html-many-attributes.html.gz", gz("<html><body><p " + " ".join(f"a{i}=\"{i}\"" for i in range(50000)) + ">" + PARA + "</p></body></html>"))

    # --- gzip
    full = gz((PARA + "\n\n") * 200)
    write("gzip-truncated.txt.gz", full[: len(full) // 2])
    write("gzip-header-only.txt.gz", full[:10])
    bad_crc = bytearray(full)
    bad_crc[-8] ^= 0xFF
    write("gzip-bad-crc.txt.gz", bytes(bad_crc))
    write("gzip-trailing-garbage.txt.gz", gz(PARA) + b"this is not gzip")
    write("gzip-double.txt.gz.gz", gz(gz(PARA)))

    # --- WARC
    good1 = response("http://example.org/one", 200, "Content-Type: text/html; charset=utf-8\r\n", page("One", PARA))
    good2 = response("http://example.org/two", 200, "Content-Type: text/html\r\n", page("Two", PARA))
    last = response("http://example.org/three", 200, "Content-Type: text/html\r\n", page("Three", PARA))
    info = warc_record("warcinfo", [("Content-Type", "application/warc-fields")], b"software: make-small.py\r\n")
    members = [gz(r) for r in (info, good1, good2)]
    cut = gz(last)
    write("warc-truncated-record.warc.gz", b"".join(members) + cut[: len(cut) // 2])
    write("warc-truncated-record.warc", info + good1 + good2 + last[: len(last) - 40])
    write(
        "warc-bad-content-length.warc",
        good1 + b"WARC/1.0\r\nWARC-Type: response\r\nContent-Length: lots\r\n\r\nHTTP/1.1 200 OK\r\n\r\n<p>x</p>\r\n\r\n"
        + good2,
    )
    write(
        "warc-non-html-and-errors.warc",
        info
        + response("http://example.org/img.png", 200, "Content-Type: image/png\r\n", b"\x89PNG\r\n\x1a\n" + bytes(100))
        + response("http://example.org/missing", 404, "Content-Type: text/html\r\n", page("Gone", "Not found."))
        + response("http://example.org/moved", 301, "Location: /one\r\n", b"")
        + good2,
    )
    write("warc-garbage-between-records.warc", good1 + b"garbage line that is no record\r\n" + good2)
    write("warc-not-http.warc", warc_record("response", [("WARC-Target-URI", "http://example.org/x")], b"this is not HTTP\r\n\r\n<p>x</p>")
          + good2)
    chunked_body = page("Chunked", PARA)
    chunked = f"{len(chunked_body[:50]):x}\r\n".encode() + chunked_body[:50] + b"\r\n" + f"{len(chunked_body[50:]):x}\r\n".encode() + chunked_body[50:] + b"\r\n0\r\n\r\n"
    write("warc-chunked-payload.warc", response("http://example.org/chunked", 200, "Content-Type: text/html\r\nTransfer-Encoding: chunked\r\n", chunked))
    write("warc-br-encoding.warc", response("http://example.org/br", 200, "Content-Type: text/html\r\nContent-Encoding: br\r\n", b"\x1b\x03\x00") + good2)

    # --- feeds
    write("feed-malformed.xml", '<?xml version="1.0"?>\n<rss version="2.0"><channel><title>T</title><item><title>Unclosed</item></channel>')
    lol = ['<?xml version="1.0"?>', "<!DOCTYPE rss [", ' <!ENTITY lol "lol">']
    for i in range(1, 10):
        prev = "lol" if i == 1 else f"lol{i - 1}"
        lol.append(f' <!ENTITY lol{i} "' + f"&{prev};" * 10 + '">')
    lol.append("]>")
    lol.append('<rss version="2.0"><channel><title>Laughs</title>')
    lol.append(f"<item><link>http://example.org/a</link><title>A</title><description>&lol9; {PARA}</description></item>")
    lol.append(f"<item><link>http://example.org/b</link><title>B</title><description>{PARA}</description></item>")
    lol.append("</channel></rss>")
    write("feed-billion-laughs.xml", "\n".join(lol))
    write(
        "feed-external-entity.xml",
        '<?xml version="1.0"?>\n<!DOCTYPE rss [ <!ENTITY xxe SYSTEM "file:///etc/passwd"> ]>\n'
        '<rss version="2.0"><channel><title>X</title><item><link>http://example.org/x</link>'
        f"<description>&xxe; {PARA}</description></item></channel></rss>",
    )
    write("feed-no-items.xml", '<?xml version="1.0"?><rss version="2.0"><channel><title>Empty</title></channel></rss>')
    write(
        "feed-item-without-content.xml",
        '<?xml version="1.0"?><rss version="2.0"><channel><title>Mixed</title>'
        "<item><title>Headline only</title><link>http://example.org/h</link></item>"
        f"<item><title>Full</title><link>http://example.org/f</link><description>{PARA}</description></item>"
        "</channel></rss>",
    )
    write("feed-truncated.xml", '<?xml version="1.0"?><feed xmlns="http://www.w3.org/2005/Atom"><title>A</title><entry><id>1</id><content>')

    # --- JSONL
    ok = '{"id": "ok-%d", "title": "Fine", "date": "2006-11-15", "text": "%s"}'
    write("jsonl-not-json.jsonl", "\n".join([ok % (1, PARA), "this line is not json", '{"text": "unterminated', "[1, 2, 3]", "", ok % (2, PARA)]) + "\n")
    write(
        "jsonl-wrong-types.jsonl",
        "\n".join([
            '{"text": 42}',
            '{"html": ["<p>x</p>"]}',
            '{"title": "no text field"}',
            '{"text": "x", "authors": {"name": "A"}}',
            '{"text": "x", "date": 2006}',
            ok % (3, PARA),
        ]) + "\n",
    )
    write("jsonl-invalid-utf8.jsonl", b'{"text": "bad \xff\xfe bytes"}\n' + (ok % (4, PARA)).encode() + b"\n")
    write("jsonl-nul-bytes.jsonl", b'{"text": "a\x00b"}\n\x00\x00\x00\n' + (ok % (5, PARA)).encode() + b"\n")

    # --- More encodings and BOMs
    write("utf8-bom.txt", "\ufeff" + PARA + "\n")
    write("utf8-bom.jsonl", "\ufeff" + ok % (6, PARA) + "\n" + ok % (7, PARA.replace("council", "committee")) + "\n")
    write("mixed-encodings.txt", PARA.encode() + " Caf\u00e9 cr\u00e8me.".encode("cp1252") + " Caf\u00e9 again.\n".encode())
    write("html-nul-bytes.html", b"<html><body><p>" + PARA.encode() + b"\x00\x00</p><p>\x00 after NULs</p></body></html>")

    # --- Deep nesting and huge values outside HTML
    deep = "[" * 10000 + "]" * 10000
    write("jsonl-deep-nesting.jsonl", '{"id": "deep", "text": "x", "extra": %s}\n' % deep + ok % (8, PARA) + "\n")
    write(
        "feed-deep-nesting.xml",
        '<?xml version="1.0"?><rss version="2.0"><channel><title>Deep</title><item><title>Deep</title><description>'
        + "<b>" * 10000 + PARA + "</b>" * 10000
        + "</description></item></channel></rss>",
    )
    write(
        "feed-huge-attribute.xml.gz",
        gz('<?xml version="1.0"?><rss version="2.0"><channel><title>Attr</title><item><title x="' + "a" * (4 << 20) + '">Big</title>'
           f"<link>http://example.org/attr</link><description>{PARA}</description></item></channel></rss>"),
    )
    write("warc-huge-header.warc.gz", gz(warc_record("response", [("WARC-Target-URI", "http://example.org/h"), ("X-Junk", "j" * (4 << 20))], b"HTTP/1.1 200 OK\r\n\r\n<p>x</p>") + good2))

    # --- Dictionaries with syntax errors (read by `tamga dict stats --dict`, not by ingest)
    d = os.path.join(OUT, "dict")
    os.makedirs(d, exist_ok=True)
    dw = lambda name, data: write(os.path.join("dict", name), data)
    dw("unclosed-table.toml", '[[country]\ncode = "KAZ"\nnames = ["Kazakhstan"]\n')
    dw("wrong-types.toml", '[[country]]\ncode = 42\nnames = "Kazakhstan"\n')
    dw("binary.toml", bytes(range(256)) * 4)
    dw("unclosed-bracket.actors", "KAZAKHSTAN_ [KAZ\nASTANA_ [KAZGOV]\n")
    dw("bad-dates.actors", "JOHN_SMITH_\n+SMITH_\n [USAGOV 991399-000000]\n")
    dw("broken.verbs", "--- MEET [040\nMEET\n- * WITH + [\n{MEET MEETS\n")
    dw("nul-bytes.agents", "~GOV\x00\n!minister!_ [~GOV\x00]\n")


if __name__ == "__main__":
    main()

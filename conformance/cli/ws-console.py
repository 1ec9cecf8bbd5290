#!/usr/bin/python3
"""Opens a console URL's WebSocket the way noVNC does and prints the guest's first bytes.

  ws-console.py [--token TOKEN] URL

URL is what `openstack console url show --novnc` prints (.../vnc_lite.html?path=%3Ftoken%3D...).
Prints the VNC server's greeting (e.g. "RFB 003.008") and exits 0 when the upgrade succeeds;
otherwise prints the proxy's status line, its X-Console-Error reason and page text and exits 1. --token replaces the URL's
token (to check that a bad one is refused). Standard library only.
"""
import base64
import html
import os
import re
import socket
import sys
import urllib.parse


def main(argv):
    token = None
    if len(argv) > 2 and argv[0] == "--token":
        token, argv = argv[1], argv[2:]
    url = urllib.parse.urlsplit(argv[0])
    query = urllib.parse.parse_qs(url.query)
    # noVNC connects to ws://HOST:PORT/ + its path parameter (default "websockify")
    path = "/" + query.get("path", ["websockify"])[0]
    if token is not None:
        path = re.sub(r"token=[^&]*", "token=" + urllib.parse.quote(token), path)
    key = base64.b64encode(os.urandom(16)).decode()
    with socket.create_connection((url.hostname, url.port or 80), timeout=10) as s:
        s.sendall((f"GET {path} HTTP/1.1\r\nHost: {url.netloc}\r\nUpgrade: websocket\r\n"
                   f"Connection: Upgrade\r\nSec-WebSocket-Key: {key}\r\n"
                   "Sec-WebSocket-Version: 13\r\nSec-WebSocket-Protocol: binary\r\n\r\n").encode())
        f = s.makefile("rb")
        status = f.readline().decode("latin-1").strip()
        headers = []
        while True:
            line = f.readline()
            if line in (b"\r\n", b"\n", b""):
                break
            headers.append(line.decode("latin-1").strip())
        if " 101 " not in status + " ":
            body = f.read().decode("utf-8", "replace")
            print(status)
            # a refused WebSocket upgrade says why in a header (its body stays empty, since a
            # WebSocket client would read a page as frames); a plain GET gets the page
            for h in headers:
                if h.lower().startswith("x-console-error:"):
                    print(h.split(":", 1)[1].strip())
            print(html.unescape(re.sub(r"<[^>]+>", " ", body)).strip())
            return 1
        b0, b1 = f.read(2)
        n = b1 & 0x7F
        if n == 126:
            n = int.from_bytes(f.read(2), "big")
        elif n == 127:
            n = int.from_bytes(f.read(8), "big")
        payload = f.read(n)
        if b0 & 0x0F != 2:
            print(f"{status}: the first frame is not binary (opcode {b0 & 0x0F})")
            return 1
        print(payload[:12].decode("ascii", "replace").strip())
        return 0 if payload.startswith(b"RFB ") else 1


if __name__ == "__main__":
    if not sys.argv[1:]:
        sys.exit(__doc__)
    sys.exit(main(sys.argv[1:]))

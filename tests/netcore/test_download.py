"""Downloads against a local HTTP server: md5 verified, atomic, resumable."""

import functools
import hashlib
import http.server
import threading

import pytest

from netcore import download

PAYLOAD = bytes(range(256)) * 4000  # ~1 MB
MD5 = hashlib.md5(PAYLOAD).hexdigest()


class RangeHandler(http.server.SimpleHTTPRequestHandler):
    """Serves files, honouring 'Range: bytes=N-' so resuming can be tested."""

    def log_message(self, *args):
        pass

    requests: list[str] = []  # the Range header of each GET ("" for none)

    def do_GET(self):
        RangeHandler.requests.append(self.headers.get("Range", ""))
        path = self.translate_path(self.path)
        try:
            body = open(path, "rb").read()
        except OSError:
            self.send_error(404)
            return
        start = 0
        if self.headers.get("Range", "").startswith("bytes="):
            start = int(self.headers["Range"][6:].rstrip("-"))
            self.send_response(206)
        else:
            self.send_response(200)
        self.send_header("Content-Length", str(len(body) - start))
        self.end_headers()
        self.wfile.write(body[start:])


@pytest.fixture
def server(tmp_path, monkeypatch):
    root = tmp_path / "served"
    root.mkdir()
    (root / "data.gz").write_bytes(PAYLOAD)
    RangeHandler.requests = []
    handler = functools.partial(RangeHandler, directory=str(root))
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    monkeypatch.setenv("NETCORE_MNIST_MIRROR", f"http://127.0.0.1:{httpd.server_address[1]}/")
    yield root
    httpd.shutdown()


def test_download_verifies_and_renames(server, tmp_path):
    dest = tmp_path / "cache"
    path = download.fetch("data.gz", MD5, dest)
    assert path == dest / "data.gz" and path.read_bytes() == PAYLOAD
    assert not (dest / "data.gz.part").exists()


def test_checksum_mismatch_leaves_no_file(server, tmp_path):
    dest = tmp_path / "cache"
    with pytest.raises(download.DownloadError, match="checksum mismatch"):
        download.fetch("data.gz", "0" * 32, dest)
    assert not (dest / "data.gz").exists() and not (dest / "data.gz.part").exists()


def test_resumes_a_partial_download(server, tmp_path):
    dest = tmp_path / "cache"
    dest.mkdir()
    (dest / "data.gz.part").write_bytes(PAYLOAD[:300_000])
    assert download.fetch("data.gz", MD5, dest).read_bytes() == PAYLOAD
    # One request, for the missing bytes only: a downloader that starts again asks for everything.
    assert RangeHandler.requests == ["bytes=300000-"]


def test_unreachable_mirror_is_a_clear_error(tmp_path, monkeypatch):
    monkeypatch.setenv("NETCORE_MNIST_MIRROR", "http://127.0.0.1:9/")
    with pytest.raises(download.DownloadError, match="data.gz"):
        download.fetch("data.gz", MD5, tmp_path)
    assert not (tmp_path / "data.gz").exists()

"""The save endpoint of ``aligner edit`` over real HTTP (uvicorn on 127.0.0.1 in a thread),
and the command's refusals of bad input."""

from __future__ import annotations

import contextlib
import http.client
import json
import re
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from lxml import etree
from typer.testing import CliRunner

from aligner.cli import app
from aligner.edit.server import MAX_SAVE_BYTES, TOKEN_HEADER, bind, create_app, new_token
from aligner.edit.session import EditSession
from aligner.formats.tei import tei_bytes, tei_split_bytes
from aligner.formats.tei_check import validate
from aligner.formats.tei_read import NS, read_tei

from ..conftest import hand_alignment

runner = CliRunner()


@contextlib.contextmanager
def served(path: Path, editor: str = "Ada"):
    """The edit server for ``path``, running in a thread: yields (base URL, token)."""
    import uvicorn

    session = EditSession(path, editor)
    token = new_token()
    sock = bind(0)
    server = uvicorn.Server(uvicorn.Config(create_app(session, token), log_level="warning", lifespan="off"))
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    while not server.started:
        time.sleep(0.01)
    try:
        yield f"http://127.0.0.1:{sock.getsockname()[1]}", token
    finally:
        server.should_exit = True
        thread.join(10)
        sock.close()


def call(url: str, *, token: str | None = None, body: object = None, raw: bytes | None = None,
         headers: dict[str, str] | None = None) -> tuple[int, dict]:
    data = raw if raw is not None else None if body is None else json.dumps(body).encode()
    request = urllib.request.Request(url, data=data, method="POST" if data is not None else "GET")
    if data is not None:
        request.add_header("Content-Type", "application/json")
    if token is not None:
        request.add_header(TOKEN_HEADER, token)
    for name, value in (headers or {}).items():
        request.add_header(name, value)
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            status, text = response.status, response.read()
    except urllib.error.HTTPError as error:
        status, text = error.code, error.read()
    try:
        return status, json.loads(text)
    except ValueError:
        return status, {"text": text.decode()}


@pytest.fixture
def tei(tmp_path) -> Path:
    path = tmp_path / "hand.tei.xml"
    path.write_bytes(tei_bytes(hand_alignment()))
    return path


def beads_of(data: dict) -> list[dict]:
    return [{"src": b["src"], "tgt": b["tgt"], "confirmed": False} for b in data["beads"]]


def test_every_request_needs_the_token_and_the_local_host_name(tei):
    before = tei.read_bytes()
    with served(tei) as (base, token):
        assert call(base + "/")[0] == 403
        assert call(base + "/?token=wrong")[0] == 403
        status, page = call(f"{base}/?token={token}")
        assert status == 200 and "aligner edit" in page["text"]
        assert call(base + "/api/alignment")[0] == 403
        assert call(base + "/api/alignment", token="x" + token)[0] == 403
        status, data = call(base + "/api/alignment", token=token)
        assert status == 200 and len(data["beads"]) == len(hand_alignment().beads)
        edit = {"revision": data["revision"], "beads": beads_of(data)}
        assert call(base + "/api/save", body=edit)[0] == 403
        assert call(base + "/api/save", token="wrong", body=edit)[0] == 403
        # A page served from another name (DNS rebinding) is refused before any handler runs.
        assert call(f"{base}/?token={token}", headers={"Host": "attacker.example"})[0] == 400
        # Only JSON is taken (a form another page could post is not).
        status, answer = call(base + "/api/save", token=token, raw=b"revision=1",
                              headers={"Content-Type": "application/x-www-form-urlencoded"})
        assert status == 415
        # The page's script and style are files, under the same token; nothing else is served.
        assert call(f"{base}/static/edit.js")[0] == 403
        status, script = call(f"{base}/static/edit.js?token={token}")
        assert status == 200 and "api/save" in script["text"]
        assert call(f"{base}/static/..%2Fpages.py?token={token}")[0] == 404
        # A save larger than any alignment sends is refused before it is read.
        connection = http.client.HTTPConnection(base.removeprefix("http://"), timeout=30)
        connection.putrequest("POST", "/api/save")
        for name, value in (("Content-Type", "application/json"), (TOKEN_HEADER, token),
                            ("Content-Length", str(MAX_SAVE_BYTES + 1))):
            connection.putheader(name, value)
        connection.endheaders()
        response = connection.getresponse()
        assert response.status == 413 and "nothing was written" in json.loads(response.read())["error"]
        connection.close()
    assert tei.read_bytes() == before


def test_the_page_runs_no_inline_script_or_style(tei):
    with served(tei) as (base, token):
        request = urllib.request.Request(f"{base}/?token={token}")
        with urllib.request.urlopen(request, timeout=30) as response:
            policy = response.headers["Content-Security-Policy"]
            page = response.read().decode()
    assert "script-src 'self';" in policy and "unsafe-inline" not in policy
    assert "<script>" not in page and "<style>" not in page and not re.search(r"\son\w+=", page)


@pytest.mark.parametrize(("change", "status", "message"), [
    (lambda edit: edit.update(beads="all"), 400, "malformed edit: 'beads' must be a non-empty list"),
    (lambda edit: edit["beads"].pop(3), 400, "not saved: source sentence 6 is in no bead"),
    (lambda edit: edit["beads"].append({"src": [], "tgt": [5]}), 400, "target sentence 5 is in 2 beads"),
    (lambda edit: edit["beads"][0].update(src=[2, 3]), 400, "source sentence 3 is in 2 beads"),
    (lambda edit: edit["beads"].reverse(), 400, "beads must follow the text's order"),
    (lambda edit: edit.update(revision="0" * 32), 409, "older state"),
    (lambda edit: edit.pop("revision"), 400, "expected a JSON object with 'revision' and 'beads'"),
])
def test_bad_edits_are_refused_and_nothing_is_written(tei, change, status, message):
    before = tei.read_bytes()
    with served(tei) as (base, token):
        _, data = call(base + "/api/alignment", token=token)
        edit = {"revision": data["revision"], "beads": beads_of(data)}
        change(edit)
        answer = call(base + "/api/save", token=token, body=edit)
        assert answer[0] == status and message in answer[1]["error"], answer
        assert call(base + "/api/save", token=token, raw=b"{not json")[0] == 400
    assert tei.read_bytes() == before


def test_a_file_changed_on_disk_since_loading_is_never_overwritten(tei):
    with served(tei) as (base, token):
        _, data = call(base + "/api/alignment", token=token)
        someone_else = tei.read_bytes().replace(b"Die Welt schwieg.", b"Die Welt schwieg lange.")
        tei.write_bytes(someone_else)
        edit = {"revision": data["revision"], "beads": beads_of(data)}
        edit["beads"][0]["confirmed"] = True
        status, answer = call(base + "/api/save", token=token, body=edit)
        assert status == 409 and "changed on disk since it was opened" in answer["error"]
        assert tei.read_bytes() == someone_else
        # Reloading the page loads their version, which can then be edited and saved.
        _, fresh = call(base + "/api/alignment", token=token)
        assert fresh["revision"] != data["revision"] and "Die Welt schwieg lange." in fresh["src"]["sentences"]
        edit["revision"] = fresh["revision"]
        assert call(base + "/api/save", token=token, body=edit)[0] == 200
    assert b"Die Welt schwieg lange." in tei.read_bytes()


def test_a_save_writes_valid_tei_marks_the_edits_and_keeps_everything_else(tei, tmp_path):
    original = etree.parse(str(tei))
    with served(tei, editor="Ada Lovelace") as (base, token):
        _, data = call(base + "/api/alignment", token=token)
        beads = beads_of(data)
        beads[3:5] = [{"src": [6], "tgt": [5], "confirmed": False}]  # join the 1-0 and the 0-1
        beads[0]["confirmed"] = True
        status, answer = call(base + "/api/save", token=token, body={"revision": data["revision"], "beads": beads})
        assert status == 200 and answer["message"].startswith("saved hand.tei.xml: 1 link(s) made, 2 replaced, "
                                                               "1 confirmed"), answer
        assert answer["revision"] != data["revision"]
        # Saving the same state again changes nothing.
        again = call(base + "/api/save", token=token, body={"revision": answer["revision"], "beads": beads})
        assert again[0] == 200 and again[1]["message"].startswith("nothing to save")
    saved = etree.parse(str(tei))
    assert validate(saved, folder=tei.parent) == []
    links = saved.findall(".//t:linkGrp/t:link", NS)
    assert links[0].get("resp") == "#editor-1" and links[0].get("cert") == "1"
    assert links[3].get("target") == "#de-s6 #en-s5" and links[3].get("resp") == "#editor-1"
    assert links[1].get("resp") is None and links[1].get("cert") == "0.9100"
    assert saved.findtext(".//t:titleStmt/t:respStmt/t:name", namespaces=NS) == "Ada Lovelace"
    change = saved.find(".//t:revisionDesc/t:change", NS)
    assert change.get("who") == "#editor-1" and "1 link(s) made" in change.text
    # Everything but the links, their gap anchors and the header's record of the edit is as it was.
    for path in ("t:teiHeader/t:fileDesc/t:sourceDesc", "t:teiHeader/t:encodingDesc", "t:teiHeader/t:profileDesc"):
        assert etree.tostring(saved.find(path, NS), with_tail=False) == etree.tostring(original.find(path, NS),
                                                                                with_tail=False)
    def sentences(tree):
        return [(s.get("{http://www.w3.org/XML/1998/namespace}id"), s.text, s.getparent().tag)
                for s in tree.iter("{http://www.tei-c.org/ns/1.0}s")]
    assert sentences(saved) == sentences(original)
    # The other commands read the edited file; InterText marks the manual links.
    out = tmp_path / "out"
    out.mkdir()
    result = runner.invoke(app, ["convert", str(tei), "--to", "intertext", "-o", str(out / "hand.intertext.xml")])
    assert result.exit_code == 0, result.output
    statuses = [link.get("status") for link in etree.parse(str(out / "hand.intertext.xml")).iter("link")]
    assert statuses[0] == "man" and statuses[1] == "auto" and statuses[3] == "man"
    assert runner.invoke(app, ["convert", str(tei), "--to", "tmx", "-o", str(out / "hand.tmx")]).exit_code == 0
    units = list(etree.parse(str(out / "hand.tmx")).iter("tu"))
    assert units[0].get("changeid") == "Ada Lovelace" and units[1].get("changeid") is None
    assert runner.invoke(app, ["view", str(tei), "-o", str(out / "hand.html")]).exit_code == 0
    assert "made or confirmed by hand" in (out / "hand.html").read_text(encoding="utf-8")
    assert runner.invoke(app, ["validate", str(tei)]).exit_code == 0


def test_a_split_alignment_is_saved_as_its_three_files(tmp_path):
    files = tei_split_bytes(hand_alignment(), "hand")
    for name, data in files.items():
        (tmp_path / name).write_bytes(data)
    main = tmp_path / "hand.tei.xml"
    with served(main) as (base, token):
        _, data = call(base + "/api/alignment", token=token)
        beads = beads_of(data)
        beads[3:5] = [{"src": [6], "tgt": [5], "confirmed": False}]
        assert call(base + "/api/save", token=token, body={"revision": data["revision"], "beads": beads})[0] == 200
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(files)
    for name in files:
        assert validate(etree.parse(str(tmp_path / name)), folder=tmp_path) == [], name
    edited = read_tei(main)
    assert edited.beads[3].resp == "Ada" and len(edited.beads) == len(hand_alignment().beads) - 1
    # The gap anchors of the joined beads are gone from the language files.
    assert b"de-gap4" not in (tmp_path / "hand.de.tei.xml").read_bytes()


def test_a_read_only_file_opens_for_reading_and_refuses_saves(tei):
    tei.chmod(0o444)  # read-only for everyone: refused even for root, who could write it
    session = EditSession(tei, "Ada")
    assert session.read_only == f"{tei} is read-only"
    with served(tei) as (base, token):
        _, data = call(base + "/api/alignment", token=token)
        assert data["readOnly"]
        status, answer = call(base + "/api/save", token=token,
                              body={"revision": data["revision"], "beads": beads_of(data)})
        assert status == 403 and "opened read-only" in answer["error"]


def test_a_read_only_folder_opens_for_reading(tei):
    session = EditSession(tei, "Ada")
    assert session.read_only == ""
    tei.parent.chmod(0o555)
    try:
        assert EditSession(tei, "Ada").read_only == f"the folder of {tei} is not writable"
    finally:
        tei.parent.chmod(0o755)


@pytest.mark.parametrize(("content", "message"), [
    (b"just text\n", "not well-formed XML"),
    (b'<?xml version="1.0"?><TEI xmlns="http://www.tei-c.org/ns/1.0"><teiHeader/></TEI>',
     "expected two or more texts and as many sources"),
])
def test_a_file_that_is_not_our_tei_is_refused_in_one_line(tmp_path, content, message):
    path = tmp_path / "other.tei.xml"
    path.write_bytes(content)
    result = runner.invoke(app, ["edit", str(path), "--no-browser", "--port", "0"])
    assert result.exit_code == 1 and message in result.output
    assert result.output.count("\n") == 1 and path.read_bytes() == content
    missing = runner.invoke(app, ["edit", str(tmp_path / "none.tei.xml"), "--no-browser"])
    assert missing.exit_code == 1 and "no such file" in missing.output


def test_a_port_in_use_is_named(tei):
    taken = socket.socket()
    taken.bind(("127.0.0.1", 0))
    taken.listen(1)
    port = taken.getsockname()[1]
    try:
        result = runner.invoke(app, ["edit", str(tei), "--no-browser", "--port", str(port)])
        assert result.exit_code == 1
        assert f"port {port} on 127.0.0.1 is in use; choose another with --port" in result.output
    finally:
        taken.close()


def test_the_command_serves_on_loopback_and_stops_on_interrupt(tei):
    process = subprocess.Popen([sys.executable, "-m", "aligner", "edit", str(tei), "--no-browser", "--port", "0",
                                "--editor", "Ada"], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        line = process.stdout.readline()
        assert line.startswith(f"Editing {tei} as 'Ada' at http://127.0.0.1:"), line
        url = line.split(" at ")[1].strip()
        assert call(url)[0] == 200
    finally:
        process.send_signal(2)
        process.wait(20)
    assert process.returncode == 0 and process.stdout.read().strip().endswith("stopped")

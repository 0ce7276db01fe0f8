"""A WSGI app for gunicorn that answers with text meant to attack a
terminal: escape sequences (OSC 0 retitles the window, OSC 52 writes the
clipboard, CSI 2J clears the screen), a C1 CSI sent as UTF-8 and a bidi
override, in the places a server controls. Used by tests/cli/hostile.t:

  /ok        200 with the hostile reason phrase
  /fail      401 with the hostile reason phrase
  /token     400 with an OAuth error whose error_description and error_uri
             are hostile (a token endpoint refusing the client)

gunicorn sends a status line as latin-1, so the UTF-8 bytes are passed as
latin-1 characters."""
import json

# The text the tests look for, rendered: \x1b]0;pwned\x07 <U+009B>2J <U+202E>evil
REASON = "OK \x1b]0;pwned\x07 \u009b2J \u202eevil"
DESCRIPTION = "bad client \x1b]52;c;aGk=\x07 \u202eoops\nforged line"
URI = "http://127.0.0.1/\x1b[2Jdocs"


def _status(code, text):
    return ("%d %s" % (code, text)).encode("utf-8").decode("latin-1")


def app(environ, start_response):
    path = environ.get("PATH_INFO", "")
    if path == "/ok":
        start_response(_status(200, REASON), [("Content-Type", "text/plain")])
        return [b"fine\n"]
    if path == "/fail":
        start_response(_status(401, REASON), [("Content-Type", "text/plain")])
        return [b"no\n"]
    if path == "/token":
        body = json.dumps({"error": "invalid_client",
                           "error_description": DESCRIPTION,
                           "error_uri": URI}).encode()
        start_response("400 Bad Request",
                       [("Content-Type", "application/json")])
        return [body]
    start_response("404 Not Found", [("Content-Type", "text/plain")])
    return [b"not found\n"]

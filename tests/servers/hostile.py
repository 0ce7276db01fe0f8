"""A WSGI app for gunicorn that answers with text meant to attack a
terminal: escape sequences (OSC 0 retitles the window, OSC 52 writes the
clipboard, CSI 2J clears the screen), a C1 CSI sent as UTF-8 and a bidi
override, in the places a server controls. Used by tests/cli/hostile.t:

  /ok        200 with the hostile reason phrase
  /fail      401 with the hostile reason phrase and a WWW-Authenticate
             challenge holding a C1 CSI and U+202E (gunicorn refuses C0
             controls in header values)
  /redirect  302 to a Location holding the same
  /token     400 with an OAuth error whose error_description and error_uri
             are hostile (a token endpoint refusing the client)

gunicorn sends a status line as latin-1, so the UTF-8 bytes are passed as
latin-1 characters."""
import json

# The text the tests look for, rendered: \x1b]0;pwned\x07 <U+009B>2J <U+202E>evil
REASON = "OK \x1b]0;pwned\x07 \u009b2J \u202eevil"
DESCRIPTION = "bad client \x1b]52;c;aGk=\x07 \u202eoops\nforged line"
URI = "http://127.0.0.1/\x1b[2Jdocs"
CHALLENGE = "Bearer realm=\"\u009b2J\u202erealm\""
LOCATION = "http://127.0.0.1:9/\u009b2J\u202emoved"


def _latin(text):
    return text.encode("utf-8").decode("latin-1")


def _status(code, text):
    return _latin("%d %s" % (code, text))


def app(environ, start_response):
    path = environ.get("PATH_INFO", "")
    if path == "/ok":
        start_response(_status(200, REASON), [("Content-Type", "text/plain")])
        return [b"fine\n"]
    if path == "/fail":
        start_response(_status(401, REASON),
                       [("Content-Type", "text/plain"),
                        ("WWW-Authenticate", _latin(CHALLENGE))])
        return [b"no\n"]
    if path == "/redirect":
        start_response("302 Found", [("Location", _latin(LOCATION))])
        return [b""]
    if path == "/token":
        body = json.dumps({"error": "invalid_client",
                           "error_description": DESCRIPTION,
                           "error_uri": URI}).encode()
        start_response("400 Bad Request",
                       [("Content-Type", "application/json")])
        return [body]
    start_response("404 Not Found", [("Content-Type", "text/plain")])
    return [b"not found\n"]

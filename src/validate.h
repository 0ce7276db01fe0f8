/* validate.h — the one place where input is judged.
 *
 * The command line and the wizard call these same functions; neither repeats
 * a rule. Each check fills err with TS_INVALID, the field name and a sentence
 * naming the problem. Functions that normalise return a new heap string the
 * caller owns (only on success). */
#ifndef TETHER_VALIDATE_H
#define TETHER_VALIDATE_H

#include <stdbool.h>

#include "err.h"
#include "model.h"

/* Trim surrounding white space and check a name: 1..64 characters (UTF-8
 * code points), valid UTF-8, no control characters, bidi controls or
 * invisible characters (text_find_hidden(); the message names the
 * character and its position, as for a description), and not "Default" in
 * any spelling (reserved). Uniqueness is the store's to check. On success *out
 * is the trimmed copy. */
tstatus validate_name(const char *in, char **out, struct err *e);

/* Accept what people paste as a hostname or base URL: "api.example.com",
 * "api.example.com:8443/v2/", "https://api.example.com/v2". No scheme means
 * https; http only when written. Refuses spaces, user:pass@, fragments,
 * query strings, an empty host, ports outside 1..65535, other schemes and
 * non-ASCII hosts (with the punycode hint). On success *out is the
 * normalised form "https://api.example.com:8443/v2" (lower-case scheme and
 * host, default port dropped, no trailing slash). */
tstatus validate_base_url(const char *in, char **out, struct err *e);

/* An absolute http(s) URL such as an OAuth endpoint; `field` names it in the
 * message. Empty is refused only when `required`. */
tstatus validate_endpoint_url(const char *field, const char *url, bool required,
                              struct err *e);

/* True when a normalised base URL's host is a loopback address or
 * "localhost" (http there is not worth a warning). */
bool validate_is_loopback_url(const char *url);

/* True when a normalised base URL uses plain http to a host that is not
 * loopback: front ends show a warning. */
bool validate_http_warning(const char *url);

/* A proxy URL: scheme http, https, socks4, socks4a, socks5 or socks5h
 * (none written: http), a host, an optional port, no path, query or
 * credentials (user:password@ is refused, naming the options that take
 * them: the password is a secret). On success *out is the normalised
 * "scheme://host[:port]" (new string). */
tstatus validate_proxy_url(const char *in, char **out, struct err *e);

/* A PEM file named by `field` ("client_cert", "client_key", "ca_bundle"):
 * readable, and holding a "-----BEGIN " line. `what` names it in the
 * message ("the client certificate"). */
tstatus validate_pem_file(const char *field, const char *what, const char *path,
                          struct err *e);

/* True when the PEM file at `path` holds an encrypted private key
 * ("-----BEGIN ENCRYPTED PRIVATE KEY-----", or a traditional key with
 * "Proc-Type: 4,ENCRYPTED"): it needs a passphrase. False when it cannot
 * be read. */
bool validate_pem_key_encrypted(const char *path);

/* The TLS client certificate settings of ig: certificate and key both or
 * neither, each a readable PEM file, a key passphrase only with a key. */
tstatus validate_client_tls(const struct integration *ig, struct err *e);

/* An RFC 9110 field name (token characters only, 1..256). */
tstatus validate_header_name(const char *field, const char *name,
                             struct err *e);

/* A header value: no CR, LF or other control characters (tab allowed). */
tstatus validate_header_value(const char *field, const char *value,
                              struct err *e);

/* A "Name: value" header line as typed by a user; on success *name and
 * *value are new strings (value trimmed). */
tstatus validate_header_line(const char *line, char **name, char **value,
                             struct err *e);

/* A "key=value" pair (key non-empty, no control characters anywhere). On
 * success *key and *value are new strings. */
tstatus validate_kv(const char *field, const char *text, char **key,
                    char **value, struct err *e);

/* An extra header (RFC 9110 name, single-line value) or query parameter
 * (1..256 characters, no control characters) of an integration; `value`
 * may be NULL (a secret not entered yet). */
tstatus validate_extra(enum extra_kind kind, const char *name,
                       const char *value, struct err *e);

/* A connection test method: GET, HEAD or POST in any case. On success
 * *out is the upper-case copy. */
tstatus validate_test_method(const char *method, char **out, struct err *e);

/* A tag (`--tag customer-a`): 1 to 32 characters of letters, digits,
 * '-', '_' and '.', starting with a letter or digit; *out is it in lower
 * case (the caller frees). */
#define VALIDATE_TAG_MAX 32
tstatus validate_tag(const char *field, const char *in, char **out,
                     struct err *e);

/* A TCP port 1..65535. */
tstatus validate_port(const char *field, long port, struct err *e);

/* A path relative to the base URL ("/", "users", "/v2/users?page=2"): no
 * spaces, control characters or fragment, and not a full URL. On success
 * *out is the path with exactly one leading slash. */
tstatus validate_path(const char *field, const char *path, char **out,
                      struct err *e);

/* Check and normalise a whole integration in place before it is stored:
 * name trimmed, the description at most 1000 characters without what a
 * name may not hold (tabs allowed), base URL normalised, the settings its
 * auth method needs
 * present and well formed (api-key: header name and key; basic: username and
 * password; oauth2: client id, token URL, authorization URL for the
 * authorization code grant, device URL for the device grant), every tag
 * valid and the tags sorted and unique, every header name/value clean,
 * ports and timeouts in range; the TLS client certificate
 * (validate_client_tls; OAuth client authentication tls needs one); the
 * extra headers and query parameters
 * (validate_extra, each named once, secret ones set) and the test settings
 * (method, a body only with POST, the status list, the JSON Pointer and
 * its JSON value: testspec.h). */
tstatus validate_integration(struct integration *ig, struct err *e);

/* The checks validate_integration() makes of ig's auth method settings,
 * each field's first problem, every field: up to max errors into out (each
 * naming its field). Returns how many fields have a problem (may exceed
 * max); 0 when the settings are fine or the method has none. */
size_t validate_auth_each(struct integration *ig, struct err *out, size_t max);

#endif

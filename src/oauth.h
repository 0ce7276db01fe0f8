/* oauth.h — OAuth 2.0 for an integration: the grants, token responses and
 * their errors, refresh, and the step-able authorization flows that the
 * command line and the wizard both drive.
 *
 * Grants: authorization code with PKCE (S256) caught by a loopback listener
 * (callback.h) or pasted back, client credentials, and the device
 * authorization grant (RFC 8628). Token endpoint requests go through
 * http_send() with the integration's network settings and the client
 * authentication it chose: an HTTP Basic header or the form body (public
 * clients send only client_id). Tokens are kept in ig->oauth.tokens and
 * saved encrypted with store_save_tokens().
 *
 * Nothing here prints, reads the terminal or blocks on the user: a front end
 * starts a flow, polls it while it keeps its own screen or prompt alive, and
 * finishes it. */
#ifndef TETHER_OAUTH_H
#define TETHER_OAUTH_H

#include <stdatomic.h>
#include <stdbool.h>
#include <stdint.h>

#include "err.h"
#include "model.h"
#include "store.h"

#define OAUTH_REFRESH_BUFFER_S 60 /* refresh this long before expiry */
#define OAUTH_FLOW_TIMEOUT_S 300  /* default wait for the browser */
#define OAUTH_DEVICE_INTERVAL_S 5 /* RFC 8628 default polling interval */

/* ------------------------------------------------------------------ */
/* Token responses and errors (oauth_token.c)                         */

/* An RFC 6749 5.2 error response (from the token endpoint, the browser's
 * redirect or a pasted redirect URL). It exists to be quoted in messages,
 * so its fields hold display text: what the server sent, rendered for a
 * terminal (text_render(): an escape sequence or a line break in
 * error_description reads \x1b, \n) and cut at a whole character. Fill it
 * with oauth_error_set(). */
struct oauth_error {
    char error[64];
    char description[256];
    char uri[256];
};

/* Fill *oe from the server's strings (NULL is ""), rendered as above. */
void oauth_error_set(struct oauth_error *oe, const char *error,
                     const char *description, const char *uri);

/* Where an error came from, to say what to change. */
enum oauth_stage {
    OAUTH_STAGE_AUTHORIZE, /* the browser's redirect carried error= */
    OAUTH_STAGE_CODE,      /* exchanging an authorization code */
    OAUTH_STAGE_REFRESH,
    OAUTH_STAGE_CLIENT, /* client credentials */
    OAUTH_STAGE_DEVICE, /* device authorization or its polling */
};

/* Parse a token endpoint answer. A 2xx JSON object with an access_token
 * fills *out (which the caller releases with oauth_tokens_clear): tolerant
 * of expires_in given as a string, a missing token_type and extra fields;
 * obtained_at = now, expires_at = now + expires_in (0 when not given).
 * A JSON object (or a form, below) with "error" returns TS_OAUTH with *oe
 * (may be NULL) filled; anything else returns TS_HTTP saying what came
 * back. `e` gets a plain message; callers add the advice with
 * oauth_error_explain(). */
tstatus oauth_parse_token_response(long status, const char *body, size_t len,
                                   int64_t now, struct oauth_tokens *out,
                                   struct oauth_error *oe, struct err *e);

/* The same, for an answer whose Content-Type was `content_type` (NULL =
 * not known): an application/x-www-form-urlencoded body
 * ("access_token=...&token_type=bearer") is read as well as JSON, chosen
 * by the type and, when the type lies, by what the body looks like. */
tstatus oauth_parse_token_answer(long status, const char *content_type,
                                 const char *body, size_t len, int64_t now,
                                 struct oauth_tokens *out,
                                 struct oauth_error *oe, struct err *e);

/* Fill `e` with TS_OAUTH (TS_NEEDS_AUTH for invalid_grant at refresh):
 * the server's error, error_description and error_uri as given, then on a
 * second line what to change for this integration (its name is used in the
 * commands suggested; `port` is the redirect port in use, 0 = the
 * integration's). Returns the status set. */
tstatus oauth_error_explain(const struct oauth_error *oe,
                            const struct integration *ig,
                            enum oauth_stage stage, int port, struct err *e);

/* Take fresh tokens into *dst: a refresh token is kept when the fresh
 * response has none, and the granted scope likewise; needs_auth is cleared.
 * *fresh is left empty. */
void oauth_tokens_adopt(struct oauth_tokens *dst, struct oauth_tokens *fresh);

/* True when the access token may be used at `now` without refreshing:
 * present, not marked needs_auth, and not within OAUTH_REFRESH_BUFFER_S of
 * a known expiry. */
bool oauth_token_usable(const struct oauth_tokens *t, int64_t now);

/* A token endpoint request for `ig`: the form body (grant parameters from
 * `params`, then client_id / client_secret as the client authentication
 * says) and, for Basic, the Authorization header value ("Basic ..." with
 * id and secret form-urlencoded first, RFC 6749 2.3.1). Both are secrets:
 * release with oauth_token_request_free(), which wipes them. TS_KEY when
 * the client secret is stored but could not be decrypted; TS_INVALID when
 * it was not loaded. */
struct oauth_token_request {
    char *body;
    char *authorization; /* NULL when the client authenticates in the body */
};
tstatus oauth_token_request_build(const struct integration *ig,
                                  const struct kv_list *params,
                                  struct oauth_token_request *out,
                                  struct err *e);
void oauth_token_request_free(struct oauth_token_request *r);

/* application/x-www-form-urlencoded "k=v&k=v" for a list (new string, or
 * NULL when out of memory). */
char *oauth_form_encode(const struct kv_list *l);

/* ------------------------------------------------------------------ */
/* Authorization code flow (oauth_flow.c)                             */

/* PKCE and state: `nbytes` random bytes (libsodium), base64url without
 * padding, into buf (at least 4 * nbytes / 3 + 2 bytes). */
void oauth_random_string(char *buf, size_t len, size_t nbytes);
/* The S256 challenge of a verifier: base64url(SHA-256(verifier)), 43
 * characters plus NUL. */
void oauth_pkce_challenge(const char *verifier, char out[44]);

/* The authorization URL: ig's authorization URL plus response_type=code,
 * client_id, redirect_uri, state, scope (when set), code_challenge and
 * code_challenge_method=S256 (when `challenge` is not NULL) and the extra
 * parameters (those naming one of the above are skipped). New string. */
tstatus oauth_authorize_url(const struct integration *ig,
                            const char *redirect_uri, const char *state,
                            const char *challenge, char **out, struct err *e);

struct oauth_flow;

enum oauth_flow_status {
    OAUTH_FLOW_PENDING, /* waiting for the browser, a paste or the exchange */
    OAUTH_FLOW_READY,   /* tokens in hand: call the finish function */
    OAUTH_FLOW_FAILED,  /* ended: the error says why */
};

struct oauth_flow_options {
    int port;      /* listen here; 0 = the integration's redirect port */
    int timeout_s; /* 0 = OAUTH_FLOW_TIMEOUT_S */
};

/* Begin an authorization code flow for `ig` (grant authorization_code):
 * make state and PKCE verifier, start the loopback listener and build the
 * authorization URL. Opening the browser is the caller's (browser.h). The
 * flow copies what it needs from ig, its client secret included (loaded;
 * wiped when the flow is freed). Free with oauth_flow_free(). Fails with
 * TS_IO when the port is taken (the message says how to change it).
 *
 * Then call oauth_flow_poll() (and oauth_flow_paste() with what the user
 * pastes) until it is no longer PENDING; once a code arrives the flow
 * exchanges it itself, a slice at a time, so no call blocks for long. */
tstatus oauth_flow_start(const struct integration *ig,
                         const struct oauth_flow_options *opt,
                         struct oauth_flow **out, struct err *e);

/* The authorization URL to open (no secret in it), the redirect URI to
 * register (http://127.0.0.1:PORT/callback) and the port. Owned by the
 * flow. */
const char *oauth_flow_url(const struct oauth_flow *f);
const char *oauth_flow_redirect_uri(const struct oauth_flow *f);
int oauth_flow_port(const struct oauth_flow *f);

/* A descriptor readable when the listener has something, for poll(); -1
 * once the listener is done (a negative fd is ignored by poll). */
int oauth_flow_fd(const struct oauth_flow *f);

/* Seconds left before the flow times out (0 when it has). */
int oauth_flow_remaining_s(const struct oauth_flow *f);

/* Wait at most timeout_ms for the browser's redirect, then for the code
 * exchange. PENDING while neither has finished and time remains; READY
 * when tokens came; FAILED (with `e` set) on an error= callback
 * (access_denied: "the request was denied in the browser"), a refused
 * exchange (the provider's error explained), timeout, or after
 * oauth_flow_cancel(). */
enum oauth_flow_status oauth_flow_poll(struct oauth_flow *f, int timeout_ms,
                                       struct err *e);

/* True while the code is being exchanged for tokens (to say so). */
bool oauth_flow_exchanging(const struct oauth_flow *f);

/* Offer what the user pasted: the whole redirect URL (its state must
 * match), its query string, or the bare code. A code starts the exchange
 * (PENDING, `e` clear: keep polling); error= ends the flow (FAILED);
 * anything else is PENDING with `e` set (TS_INVALID): say so and keep
 * waiting. */
enum oauth_flow_status oauth_flow_paste(struct oauth_flow *f, const char *text,
                                        struct err *e);

/* Stop waiting: the next poll reports FAILED with TS_CANCELLED. Safe from
 * the thread that polls; not from a signal handler (use an atomic flag
 * there and call this from the loop). */
void oauth_flow_cancel(struct oauth_flow *f);

/* After READY: put the tokens in ig->oauth.tokens (replacing any) and,
 * when st is not NULL and ig has an id, save them in the store. */
tstatus oauth_flow_finish(struct oauth_flow *f, struct store *st,
                          struct integration *ig, struct err *e);

/* Stop the listener and wipe and free everything. NULL is allowed. */
void oauth_flow_free(struct oauth_flow *f);

/* ------------------------------------------------------------------ */
/* Device authorization grant, RFC 8628 (oauth_device.c)              */

struct oauth_device;

/* Ask the device authorization endpoint for a user code (one blocking
 * request; `cancel` may be NULL). The flow copies what it needs from ig,
 * its client secret included. Free with oauth_device_free(). */
tstatus oauth_device_start(const struct integration *ig, atomic_bool *cancel,
                           struct oauth_device **out, struct err *e);

/* What to show the user (owned by the flow). The complete URI is NULL when
 * the server gave none. */
const char *oauth_device_user_code(const struct oauth_device *d);
const char *oauth_device_verification_uri(const struct oauth_device *d);
const char *
oauth_device_verification_uri_complete(const struct oauth_device *d);
/* Seconds until the user code expires (0 when unknown or it has). */
int oauth_device_remaining_s(const struct oauth_device *d);
/* The current polling interval (grows by 5 s at each slow_down). */
int oauth_device_interval_s(const struct oauth_device *d);

/* Wait at most timeout_ms while polling the token endpoint at the server's
 * interval (each poll a request driven a slice at a time).
 * authorization_pending keeps PENDING; slow_down adds 5 s to the interval;
 * READY when tokens came (then oauth_device_finish); FAILED on
 * access_denied ("the request was denied"), expired_token, any other error,
 * or after oauth_device_cancel(). */
enum oauth_flow_status oauth_device_poll(struct oauth_device *d, int timeout_ms,
                                         struct err *e);

/* Stop: the next poll reports FAILED with TS_CANCELLED. */
void oauth_device_cancel(struct oauth_device *d);

/* After READY: put the tokens in ig->oauth.tokens (replacing any) and,
 * when st is not NULL and ig has an id, save them in the store. */
tstatus oauth_device_finish(struct oauth_device *d, struct store *st,
                            struct integration *ig, struct err *e);

void oauth_device_free(struct oauth_device *d);

/* ------------------------------------------------------------------ */
/* Grants without a user, and tokens for the request path             */
/* (oauth_grant.c)                                                    */

/* Fetch a token with the client credentials grant into *out (scope and
 * extra parameters sent as configured). */
tstatus oauth_client_credentials(const struct integration *ig,
                                 atomic_bool *cancel, struct oauth_tokens *out,
                                 struct err *e);

/* Refresh ig's tokens with its refresh token and save them, in their own
 * transaction as soon as the token endpoint has answered. A new refresh
 * token replaces the old; none keeps the old. invalid_grant marks the
 * integration "needs authorization" in the store and returns TS_NEEDS_AUTH
 * naming `tether authorize NAME`; other failures change nothing. Takes no
 * lock: for a stored integration the caller holds its token lock
 * (oauth_prepare does). */
tstatus oauth_refresh(struct store *st, struct integration *ig,
                      atomic_bool *cancel, struct err *e);

/* Make ig's access token ready for a request (ig loaded with its secrets).
 * No-op for auth methods other than oauth2. Client credentials: fetched,
 * saved and reused until it nears expiry. Authorization code and device
 * code: refreshed when within OAUTH_REFRESH_BUFFER_S of expiry. With
 * force_refresh (after a 401) a new token is got even if the current one
 * looks valid. TS_NEEDS_AUTH, with "run: tether authorize NAME", when the
 * user must authorize (never authorized, marked, or expired with no
 * refresh token).
 *
 * For a stored integration (st set, ig->id not 0) a token request is one
 * critical section across processes and threads: under the integration's
 * token lock (store_lock_tokens) the stored tokens are read again, and
 * when another process renewed them meanwhile ig takes those and nothing
 * is asked; else the new tokens are committed before the lock is let go.
 * A waiter gives up after store_lock_wait_ms (TS_BUSY, nothing sent). */
tstatus oauth_prepare(struct store *st, struct integration *ig,
                      bool force_refresh, atomic_bool *cancel, struct err *e);

/* Save ig->oauth.tokens when st is set and ig is stored (id != 0), under
 * its token lock: a new authorization is written after any refresh still
 * running elsewhere, never overwritten by it. */
tstatus oauth_save(struct store *st, struct integration *ig, struct err *e);

/* Forget the stored tokens of ig (stored: id != 0) and those in ig, under
 * its token lock: a refresh still running elsewhere ends first, so its
 * commit cannot bring the tokens back. */
tstatus oauth_forget(struct store *st, struct integration *ig, struct err *e);

/* ------------------------------------------------------------------ */
/* Discovery from an issuer (oauth_discover.c)                        */

/* What an issuer's metadata said. Strings are owned (NULL = absent). */
struct oauth_metadata {
    char *issuer; /* as the metadata gave it (equal to the one asked) */
    char *auth_url, *token_url, *device_url, *revocation_url;
    char *source;            /* the URL it came from */
    bool iss_required;       /* authorization_response_iss_parameter_... */
    bool auth_methods_known; /* token_endpoint_auth_methods_supported */
    bool client_basic;       /* client_secret_basic offered (or implied) */
    bool client_body;        /* client_secret_post offered */
    bool client_tls;         /* tls_client_auth (RFC 8705) offered */
    bool pkce_known;         /* code_challenge_methods_supported */
    bool pkce_s256;
};

/* Fetch the metadata of `issuer` with ig's network settings (ig may be
 * NULL): RFC 8414 first (/.well-known/oauth-authorization-server with the
 * issuer's path after it), then OpenID Connect discovery (the issuer +
 * /.well-known/openid-configuration). One blocking request or two.
 * TS_NOT_FOUND (field "issuer") when neither answers with metadata, saying
 * what each answered; TS_HTTP when the metadata names another issuer
 * (a trailing '/' aside) or no token endpoint; TS_NET when unreachable.
 * Release *out with oauth_metadata_free(). */
tstatus oauth_discover(const struct integration *ig, const char *issuer,
                       struct oauth_metadata *out, struct err *e);
void oauth_metadata_free(struct oauth_metadata *m);

/* The same a slice at a time, for a screen that keeps drawing: start,
 * then step (at most timeout_ms each; < 0: until done) until it returns
 * true with *st and, on TS_OK, *out (released by the caller with
 * oauth_metadata_free). cancel makes the next step end with TS_CANCELLED.
 * Free with oauth_discover_free() (NULL allowed), which cancels. */
struct oauth_discovery;
tstatus oauth_discover_start(const struct integration *ig, const char *issuer,
                             struct oauth_discovery **out, struct err *e);
bool oauth_discover_step(struct oauth_discovery *d, int timeout_ms, tstatus *st,
                         struct oauth_metadata *out, struct err *e);
void oauth_discover_cancel(struct oauth_discovery *d);
void oauth_discover_free(struct oauth_discovery *d);

/* Fields the user gave and discovery must not overwrite. */
enum {
    OAUTH_KEEP_AUTH_URL = 1u << 0,
    OAUTH_KEEP_TOKEN_URL = 1u << 1,
    OAUTH_KEEP_DEVICE_URL = 1u << 2,
    OAUTH_KEEP_REVOCATION_URL = 1u << 3,
    OAUTH_KEEP_CLIENT_AUTH = 1u << 4,
    OAUTH_KEEP_PKCE = 1u << 5,
};

/* Fill ig from the metadata: the issuer, the endpoints it names (not those
 * in `keep`), whether iss is required, the client authentication (kept
 * when the server offers it, else the one it offers) and PKCE (on when
 * S256 is offered, off when the list is given without it). */
tstatus oauth_metadata_apply(const struct oauth_metadata *m, unsigned keep,
                             struct integration *ig, struct err *e);

/* What was found and chosen, several lines without a final newline. */
void oauth_metadata_summary(const struct oauth_metadata *m,
                            const struct integration *ig, char *buf,
                            size_t len);

/* Check the iss of an authorization response (RFC 9207) against ig's
 * stored issuer: TS_OK when they are equal, or when no issuer is stored,
 * or when iss is absent and the issuer did not advertise it. Otherwise
 * TS_OAUTH (field "iss") with a message saying the response is refused
 * and why. `iss` may be NULL. */
tstatus oauth_check_iss(const struct integration *ig, const char *iss,
                        struct err *e);

/* ------------------------------------------------------------------ */
/* Revocation, RFC 7009 (oauth_revoke.c)                              */

enum oauth_revoke_result {
    OAUTH_REVOKED,       /* the provider accepted every revocation */
    OAUTH_NOT_REVOCABLE, /* no revocation endpoint is known */
    OAUTH_REVOKE_FAILED, /* tried; `e` says what went wrong */
    OAUTH_NOTHING_HELD,  /* no token to revoke */
};

/* Revoke ig's tokens at its revocation endpoint (ig loaded with secrets):
 * the refresh token, then the access token, each POSTed as token= with
 * token_type_hint and ig's client authentication. Does not forget them:
 * the caller does that whatever the result. */
enum oauth_revoke_result oauth_revoke(const struct integration *ig,
                                      struct err *e);

#endif

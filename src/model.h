/* model.h — the integration: one named configuration of one REST API.
 *
 * Plain data plus constructors, copies and the name tables for enums. It
 * holds no policy: validate.h checks an integration, store.h keeps it.
 * Strings are heap-allocated and owned by the struct (NULL means empty);
 * integration_free() releases everything and wipes secrets. The value of a
 * struct secret is the exception: it lives in guarded memory (secmem.h),
 * is only ever set by secret_assign(), secret_clear(), integration_dup()
 * or the store's decryption, and must never reach free() or realloc().
 * Callers read it in place and copy it only where a library needs its own
 * copy (a header line, a form body); such copies are wiped after use. */
#ifndef TETHER_MODEL_H
#define TETHER_MODEL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "err.h"

#define MODEL_NAME_MAX 64 /* characters, after trimming */
#define MODEL_DEFAULT_REDIRECT_PORT 8765
#define MODEL_DEFAULT_CONNECT_TIMEOUT_MS 10000L
#define MODEL_DEFAULT_TIMEOUT_MS 30000L
#define MODEL_UID_LEN 32 /* hex characters */

/* AUTH_DIGEST shares the Basic username and password (basic below). */
enum auth_method {
    AUTH_NONE,
    AUTH_API_KEY,
    AUTH_BASIC,
    AUTH_OAUTH2,
    AUTH_DIGEST,
};
enum key_placement { KEY_IN_HEADER, KEY_IN_QUERY };
enum oauth_grant {
    GRANT_AUTHORIZATION_CODE,
    GRANT_CLIENT_CREDENTIALS,
    GRANT_DEVICE_CODE,
};
/* How the client authenticates at the token endpoint: its id and secret
 * in an HTTP Basic header, both in the form body, or (RFC 8705
 * tls_client_auth) its id in the body and its TLS client certificate. */
enum client_auth { CLIENT_AUTH_BASIC, CLIENT_AUTH_BODY, CLIENT_AUTH_TLS };

/* A secret field. The store loads secrets only when asked to, so a secret
 * may be known to exist without its value being in memory. */
enum secret_state {
    SECRET_UNSET,      /* nothing stored */
    SECRET_SET,        /* stored, not decrypted (value is NULL) */
    SECRET_LOADED,     /* value holds the plaintext */
    SECRET_UNREADABLE, /* stored, but the key could not decrypt it */
};

struct secret {
    char *value; /* plaintext when LOADED or when changed; else NULL;
                    guarded memory (secmem.h), never free()d */
    enum secret_state state;
    bool changed; /* set by secret_assign(); store_update() writes only these */
};

struct kv {
    char *key;
    char *value;
};

struct kv_list {
    struct kv *items;
    size_t n;
};

/* An extra header or query parameter sent with every request of an
 * integration. A plain one keeps its value in `value`; a secret one in
 * `secret` (value NULL), stored encrypted under the field name
 * extra_secret_field() gives. */
enum extra_kind { EXTRA_HEADER, EXTRA_QUERY };
#define MODEL_EXTRA_NAME_MAX 256
#define MODEL_EXTRAS_MAX 64 /* headers and query parameters together */
/* "header:" or "query:", the name, NUL */
#define MODEL_SECRET_FIELD_MAX (7 + MODEL_EXTRA_NAME_MAX + 1)

struct extra {
    enum extra_kind kind;
    char *name;
    char *value; /* plain value ("" allowed); NULL when is_secret */
    bool is_secret;
    struct secret secret; /* the value when is_secret */
    char *field;          /* "header:NAME" / "query:NAME", for the store */
};

struct extra_list {
    struct extra *items;
    size_t n;
};

/* What the connection test sends and accepts. NULL fields take the
 * defaults of the reference product: GET, no body, pass on 200 only, no
 * body check. */
struct test_spec {
    char *method;         /* "GET", "HEAD" or "POST"; NULL = GET */
    char *body;           /* POST body; NULL = none */
    char *statuses;       /* "200,204", "2xx", "200-299"; NULL = "200" */
    char *expect_pointer; /* JSON Pointer (RFC 6901) into the body */
    char *expect_value;   /* JSON text it must equal (with the pointer) */
    char *expect_text;    /* substring the body must contain */
};

struct oauth_tokens {
    struct secret access_token;
    struct secret refresh_token;
    char *token_type;    /* as the server said; NULL = "Bearer" */
    char *scope;         /* granted scope, when the server said */
    int64_t expires_at;  /* unix seconds; 0 = unknown / never */
    int64_t obtained_at; /* unix seconds; 0 = no token */
    bool needs_auth;     /* refresh failed for good: authorize again */
    char *needs_auth_reason;
};

struct test_result {
    int64_t at;  /* unix seconds; 0 = never tested */
    long status; /* HTTP status, 0 when no response */
    bool pass;
    long time_ms;
    char *reason; /* short diagnosis, NULL on pass */
};

struct integration {
    int64_t id;                  /* store row id; 0 = not stored yet */
    char uid[MODEL_UID_LEN + 1]; /* stable random id, bound into secrets */
    char *name;
    char *description;
    bool is_default;
    char *base_url;  /* normalised: scheme://host[:port][/path] */
    char *test_path; /* NULL = "/" */
    char *tags;      /* "a,b": sorted, unique, lower-case
                        (validate_tag); NULL = none */
    enum auth_method auth;

    struct {
        char *header; /* header or query parameter name */
        char *prefix; /* e.g. "Bearer"; NULL = none */
        enum key_placement placement;
        struct secret key;
    } api_key;

    struct {
        char *username;
        struct secret password;
    } basic;

    struct {
        enum oauth_grant grant;
        char *client_id;
        struct secret client_secret; /* UNSET for public clients */
        bool secret_required;        /* the provider needs it even with
                                        PKCE (a preset says so) */
        char *auth_url;
        char *token_url;
        char *device_url;
        char *scope;           /* NULL = provider default */
        struct kv_list params; /* extra authorization parameters */
        enum client_auth client_auth;
        bool pkce;
        int redirect_port;
        struct oauth_tokens tokens;
        char *issuer;         /* discovery (RFC 8414); NULL = none */
        char *revocation_url; /* RFC 7009; NULL = not revocable */
        bool iss_required;    /* RFC 9207: responses carry iss */
    } oauth;

    struct {
        long connect_timeout_ms;
        long timeout_ms;
        bool insecure;         /* TLS verification off: warn everywhere */
        char *ca_bundle;       /* NULL = system bundle */
        bool follow_redirects; /* follow up to HTTP_MAX_REDIRECTS */
        char *proxy;           /* proxy URL without credentials;
                                  NULL = the environment's */
        bool no_proxy;         /* no proxy, not even the environment's */
        char *proxy_user;      /* NULL = none */
        struct secret proxy_password;
        char *client_cert;             /* TLS client certificate, a PEM
                                          file path; NULL = none */
        char *client_key;              /* its private key, PEM; NULL = none */
        struct secret client_key_pass; /* the key's passphrase */
    } net;

    struct extra_list extras; /* headers and query parameters, in order */
    struct test_spec test;

    struct test_result last_test;
    /* Values of secret variables filled into a request about to go out
     * through this integration (vars.h): redacted like its secrets. Set by
     * the face sending it; never stored with the integration. */
    struct kv_list secret_values;
    int64_t created_at;
    int64_t updated_at;
};

/* A new integration with every default set (auth none, PKCE on, client
 * authentication basic, redirect port 8765, timeouts 10 s / 30 s,
 * redirects followed, the environment's proxy). Returns
 * NULL only when out of memory. Free with integration_free(). */
struct integration *integration_new(void);

/* Release an integration and everything it owns; secrets are wiped first.
 * NULL is allowed. */
void integration_free(struct integration *ig);

/* A deep copy (secrets included, states and changed flags kept), or NULL when
 * out of memory. */
struct integration *integration_dup(const struct integration *ig);

/* Replace *dst with a copy of src (NULL or "" clears it). Returns false only
 * when out of memory, leaving *dst unchanged. */
bool model_set_str(char **dst, const char *src);

/* Give a secret a new value (NULL or "" clears it) and mark it changed.
 * The value is copied into guarded memory; the old one is wiped. Returns
 * false when out of memory. */
bool secret_assign(struct secret *s, const char *value);

/* Wipe and free the value; the state becomes UNSET, changed false. */
void secret_clear(struct secret *s);

/* True when the secret exists (SET, LOADED or UNREADABLE, or assigned). */
bool secret_is_set(const struct secret *s);

/* The secret fields of an integration, by their stored field name:
 * "api_key", "password", "client_secret", "access_token", "refresh_token",
 * "proxy_password", "client_key_pass", then one per secret extra
 * ("header:NAME", "query:NAME"). Returns a new array (free() it; it points into
 * ig, valid while ig's extras are not changed) and its length in *n; NULL when
 * out of memory. */
struct secret_ref {
    const char *field;
    struct secret *secret;
};
struct secret_ref *integration_secrets(struct integration *ig, size_t *n);

/* Extras (model_extra.c). extra_list_set adds an extra, replacing one of
 * the same kind and name (header names compared without regard to case):
 * a plain value when !is_secret, else a secret assigned from `value`
 * (NULL: a secret whose value is still to come, state UNSET, changed).
 * False when out of memory. extra_list_remove drops the extra of that
 * kind and name and says whether there was one. extra_list_find returns
 * it or NULL. */
bool extra_list_set(struct extra_list *l, enum extra_kind kind,
                    const char *name, const char *value, bool is_secret);
bool extra_list_remove(struct extra_list *l, enum extra_kind kind,
                       const char *name);
struct extra *extra_list_find(const struct extra_list *l, enum extra_kind kind,
                              const char *name);
/* What a plain extra sends: its value, except that the value
 * MODEL_CLIENT_ID_REF stands for the integration's OAuth client ID
 * (Twitch's Client-Id header). Borrowed from ig / x. */
#define MODEL_CLIENT_ID_REF "{client_id}"
const char *extra_plain_value(const struct integration *ig,
                              const struct extra *x);
/* Release every extra (secrets wiped). */
void extra_list_free(struct extra_list *l);
/* Deep copy (secrets with their states); false when out of memory (dst
 * left empty). */
bool extra_list_copy(struct extra_list *dst, const struct extra_list *src);
/* "header" / "query", and back (false for anything else). */
const char *extra_kind_name(enum extra_kind k);
bool extra_kind_parse(const char *s, enum extra_kind *out);
/* Release / copy a test spec (dst's old strings are not freed). */
void test_spec_free(struct test_spec *t);
bool test_spec_copy(struct test_spec *dst, const struct test_spec *src);

/* Forget every token (wiped), leaving the configuration. */
void oauth_tokens_clear(struct oauth_tokens *t);

/* Tags are kept as one string, "a,b": sorted, without repeats. True when
 * `tags` (may be NULL) holds `tag` (compared exactly: tags are stored
 * lower-case). */
bool model_tags_has(const char *tags, const char *tag);

/* Add `tag` (already validated, see validate_tag) to *tags, or remove it;
 * either is a no-op when it is already so. False when out of memory,
 * leaving *tags unchanged. */
bool model_tags_add(char **tags, const char *tag);
bool model_tags_remove(char **tags, const char *tag);

/* Append key=value to a list (copies both). False when out of memory. */
bool kv_list_add(struct kv_list *l, const char *key, const char *value);
/* Release every entry; values are wiped first (they may be credentials). */
void kv_list_free(struct kv_list *l);
/* Deep copy; false when out of memory (dst left empty). */
bool kv_list_copy(struct kv_list *dst, const struct kv_list *src);

/* The redirect URI the provider must know: http://127.0.0.1:PORT/callback.
 * Writes into buf (at least 64 bytes recommended). */
void integration_redirect_uri(const struct integration *ig, int port_override,
                              char *buf, size_t len);

/* Enum names. *_name gives the command-line spelling ("api-key",
 * "authorization_code", "basic"); *_label the words shown to people
 * ("API Key", "Authorization Code", "Basic Authentication"); *_parse accepts
 * the name (case-insensitive) and returns false for anything else. */
const char *auth_method_name(enum auth_method m);
const char *auth_method_label(enum auth_method m);
bool auth_method_parse(const char *s, enum auth_method *out);
const char *oauth_grant_name(enum oauth_grant g);
const char *oauth_grant_label(enum oauth_grant g);
bool oauth_grant_parse(const char *s, enum oauth_grant *out);
const char *client_auth_name(enum client_auth c);
const char *client_auth_label(enum client_auth c);
bool client_auth_parse(const char *s, enum client_auth *out);
/* True for the methods that send basic.username and basic.password
 * (Basic and Digest). */
bool auth_method_has_password(enum auth_method m);
const char *key_placement_name(enum key_placement p);
bool key_placement_parse(const char *s, enum key_placement *out);

#endif

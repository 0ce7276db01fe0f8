/* oauth_token.c — token endpoint requests and responses: the form, client
 * authentication, parsing, and errors explained. No I/O here. */
#include "oauth.h"
#include "oauth_int.h"

#include <cJSON.h>
#include <ctype.h>
#include <curl/curl.h>
#include <math.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "text.h"

#include "remedy.h"

/* Free a string that may hold a secret. */
static void
oauth_wipe_free(char *s)
{
    if (s != NULL) {
        sodium_memzero(s, strlen(s));
        free(s);
    }
}

char *
oauth_query_get(const char *query, const char *name)
{
    size_t nlen = strlen(name);
    const char *p = query;
    while (p != NULL && *p != '\0') {
        const char *end = strpbrk(p, "&#");
        size_t plen = end != NULL ? (size_t)(end - p) : strlen(p);
        if (plen > nlen && strncmp(p, name, nlen) == 0 && p[nlen] == '=') {
            size_t vlen = plen - nlen - 1;
            char *raw = strndup(p + nlen + 1, vlen);
            if (raw == NULL)
                return NULL;
            for (char *c = raw; *c != '\0'; c++)
                if (*c == '+')
                    *c = ' ';
            int olen = 0;
            char *dec = curl_easy_unescape(NULL, raw, 0, &olen);
            sodium_memzero(raw, vlen);
            free(raw);
            if (dec == NULL)
                return NULL;
            char *v = strndup(dec, (size_t)olen);
            sodium_memzero(dec, (size_t)olen);
            curl_free(dec);
            return v;
        }
        if (end == NULL || *end == '#')
            break;
        p = end + 1;
    }
    return NULL;
}

/* Form-urlencode one string (RFC 6749 appendix B: space as '+'). */
static char *
oauth_form_escape(const char *s)
{
    char *esc = curl_easy_escape(NULL, s != NULL ? s : "", 0);
    if (esc == NULL)
        return NULL;
    char *out = malloc(strlen(esc) + 1);
    if (out != NULL) {
        char *o = out;
        for (const char *p = esc; *p != '\0'; p++) {
            if (strncmp(p, "%20", 3) == 0) {
                *o++ = '+';
                p += 2;
            } else {
                *o++ = *p;
            }
        }
        *o = '\0';
    }
    sodium_memzero(esc, strlen(esc));
    curl_free(esc);
    return out;
}

char *
oauth_form_encode(const struct kv_list *l)
{
    size_t cap = 64, n = 0;
    char *out = malloc(cap);
    if (out == NULL)
        return NULL;
    out[0] = '\0';
    for (size_t i = 0; l != NULL && i < l->n; i++) {
        char *k = oauth_form_escape(l->items[i].key);
        char *v = oauth_form_escape(l->items[i].value);
        if (k == NULL || v == NULL) {
            oauth_wipe_free(k);
            oauth_wipe_free(v);
            oauth_wipe_free(out);
            return NULL;
        }
        size_t need = n + strlen(k) + strlen(v) + 3;
        if (need > cap) {
            while (cap < need)
                cap *= 2;
            char *bigger = malloc(cap);
            if (bigger == NULL) {
                oauth_wipe_free(k);
                oauth_wipe_free(v);
                oauth_wipe_free(out);
                return NULL;
            }
            memcpy(bigger, out, n + 1);
            oauth_wipe_free(out);
            out = bigger;
        }
        n += (size_t)sprintf(out + n, "%s%s=%s", n ? "&" : "", k, v);
        oauth_wipe_free(k);
        oauth_wipe_free(v);
    }
    return out;
}

void
oauth_token_request_free(struct oauth_token_request *r)
{
    oauth_wipe_free(r->body);
    oauth_wipe_free(r->authorization);
    r->body = r->authorization = NULL;
}

/* "Basic " + base64(urlencode(id) ":" urlencode(secret)). */
static char *
oauth_basic_header(const char *id, const char *secret)
{
    char *ei = oauth_form_escape(id);
    char *es = oauth_form_escape(secret);
    char *pair = NULL, *out = NULL;
    if (ei == NULL || es == NULL)
        goto done;
    size_t plen = strlen(ei) + strlen(es) + 2;
    pair = malloc(plen);
    if (pair == NULL)
        goto done;
    snprintf(pair, plen, "%s:%s", ei, es);
    size_t blen =
        sodium_base64_encoded_len(strlen(pair), sodium_base64_VARIANT_ORIGINAL);
    out = malloc(blen + 6);
    if (out == NULL)
        goto done;
    memcpy(out, "Basic ", 6);
    sodium_bin2base64(out + 6, blen, (const unsigned char *)pair, strlen(pair),
                      sodium_base64_VARIANT_ORIGINAL);
done:
    oauth_wipe_free(ei);
    oauth_wipe_free(es);
    oauth_wipe_free(pair);
    return out;
}

tstatus
oauth_token_request_build(const struct integration *ig,
                          const struct kv_list *params,
                          struct oauth_token_request *out, struct err *e)
{
    memset(out, 0, sizeof *out);
    /* RFC 8705 tls_client_auth: the certificate authenticates the client
     * (http.c sends it); the body names it and carries no secret. */
    static const struct secret no_secret = {0};
    const struct secret *cs = ig->oauth.client_auth == CLIENT_AUTH_TLS
                                  ? &no_secret
                                  : &ig->oauth.client_secret;
    const char *secret = NULL;
    if (cs->state == SECRET_UNREADABLE)
        return err_set(e, TS_KEY, "client_secret",
                       "the client secret of %s cannot be decrypted with "
                       "this key",
                       ig->name ? ig->name : "this integration");
    if (secret_is_set(cs)) {
        if (cs->value == NULL)
            return err_set(e, TS_INVALID, "client_secret",
                           "the client secret was not loaded");
        secret = cs->value;
    }

    struct kv_list form = {0};
    bool ok = params == NULL || kv_list_copy(&form, params);
    bool basic = secret != NULL && ig->oauth.client_auth == CLIENT_AUTH_BASIC;
    if (ok && !basic)
        ok = kv_list_add(&form, "client_id",
                         ig->oauth.client_id ? ig->oauth.client_id : "");
    if (ok && secret != NULL && !basic)
        ok = kv_list_add(&form, "client_secret", secret);
    if (ok)
        out->body = oauth_form_encode(&form);
    for (size_t i = 0; i < form.n; i++)
        if (form.items[i].value != NULL)
            sodium_memzero(form.items[i].value, strlen(form.items[i].value));
    kv_list_free(&form);
    if (ok && basic)
        out->authorization = oauth_basic_header(ig->oauth.client_id, secret);
    if (!ok || out->body == NULL || (basic && out->authorization == NULL)) {
        oauth_token_request_free(out);
        return err_set(e, TS_NOMEM, NULL, "out of memory");
    }
    return TS_OK;
}

/* A JSON string member, NULL when absent. */
static const char *
oauth_json_get(const cJSON *o, const char *name)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, name);
    return cJSON_IsString(v) ? v->valuestring : NULL;
}

/* Render s for a terminal into buf[0..len), cut at a whole character. */
static void
oauth_error_copy(char *buf, size_t len, const char *s)
{
    buf[0] = '\0';
    if (s == NULL || s[0] == '\0')
        return;
    char *r = text_render_dup(s, strlen(s), 0);
    if (r == NULL)
        return;
    size_t n = strlen(r);
    if (n >= len)
        n = text_valid_len(r, len - 1);
    memcpy(buf, r, n);
    buf[n] = '\0';
    free(r);
}

void
oauth_error_set(struct oauth_error *oe, const char *error,
                const char *description, const char *uri)
{
    oauth_error_copy(oe->error, sizeof oe->error, error);
    oauth_error_copy(oe->description, sizeof oe->description, description);
    oauth_error_copy(oe->uri, sizeof oe->uri, uri);
}

/* expires_in as a number or a numeric string; -1 when absent or unusable. */
static int64_t
oauth_json_seconds(const cJSON *o, const char *name)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, name);
    double d = -1;
    if (cJSON_IsNumber(v)) {
        d = v->valuedouble;
    } else if (cJSON_IsString(v) && v->valuestring[0] != '\0') {
        char *end;
        d = strtod(v->valuestring, &end);
        while (*end == ' ')
            end++;
        if (*end != '\0')
            d = -1;
    }
    if (!isfinite(d) || d < 0 || d > 100.0 * 365 * 24 * 3600)
        return -1;
    return (int64_t)d;
}

static bool
oauth_json_str(const cJSON *o, const char *name, char **dst)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, name);
    if (!cJSON_IsString(v) || v->valuestring[0] == '\0')
        return true;
    return model_set_str(dst, v->valuestring);
}

static bool
oauth_json_secret(const cJSON *o, const char *name, struct secret *dst)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, name);
    if (!cJSON_IsString(v) || v->valuestring[0] == '\0')
        return true;
    return secret_assign(dst, v->valuestring);
}

/* Wipe every string in a parsed JSON tree (it may hold tokens). */
static void
oauth_json_wipe(cJSON *o)
{
    for (cJSON *c = o; c != NULL; c = c->next) {
        if (c->valuestring != NULL)
            sodium_memzero(c->valuestring, strlen(c->valuestring));
        if (c->child != NULL)
            oauth_json_wipe(c->child);
    }
}

/* True when a media type names application/x-www-form-urlencoded. */
static bool
oauth_type_is_form(const char *type)
{
    return type != NULL &&
           strncasecmp(type, "application/x-www-form-urlencoded", 33) == 0;
}

/* True when a body reads as "name=value&name=value": a name of letters,
 * digits and _.- before the first '=', and no space, quote or angle
 * bracket anywhere (so HTML and JSON never pass). */
static bool
oauth_body_looks_form(const char *body, size_t len)
{
    size_t i = 0;
    while (i < len && (isalnum((unsigned char)body[i]) || body[i] == '_' ||
                       body[i] == '.' || body[i] == '-'))
        i++;
    if (i == 0 || i >= len || body[i] != '=')
        return false;
    for (size_t k = 0; k < len; k++) {
        unsigned char c = (unsigned char)body[k];
        if (c == '\r' || c == '\n') {
            for (size_t r = k; r < len; r++)
                if (body[r] != '\r' && body[r] != '\n')
                    return false;
            break;
        }
        if (c <= ' ' || c == '"' || c == '<' || c == '>' || c == '{' ||
            c >= 0x7f)
            return false;
    }
    return true;
}

/* A form-urlencoded token response as a JSON object of strings (the
 * fields a token response may carry; repeated names: the first wins). */
static cJSON *
oauth_form_to_json(const char *body, size_t len)
{
    static const char *const names[] = {
        "access_token", "token_type", "expires_in",        "refresh_token",
        "scope",        "error",      "error_description", "error_uri",
    };
    char *text = strndup(body, len);
    cJSON *o = cJSON_CreateObject();
    if (text == NULL || o == NULL) {
        oauth_wipe_free(text);
        cJSON_Delete(o);
        return NULL;
    }
    char *nl = strpbrk(text, "\r\n");
    if (nl != NULL)
        *nl = '\0';
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
        char *v = oauth_query_get(text, names[i]);
        if (v != NULL && cJSON_AddStringToObject(o, names[i], v) == NULL) {
            oauth_wipe_free(v);
            oauth_wipe_free(text);
            oauth_json_wipe(o);
            cJSON_Delete(o);
            return NULL;
        }
        oauth_wipe_free(v);
    }
    oauth_wipe_free(text);
    return o;
}

/* The answer as a JSON object: by its media type, and by its look when
 * the type lies (a JSON object is JSON whatever the type says; a form
 * body is a form). NULL when it is neither. */
static cJSON *
oauth_token_body_parse(const char *content_type, const char *body, size_t len)
{
    if (body == NULL)
        return NULL;
    size_t skip = 0;
    while (skip < len && isspace((unsigned char)body[skip]))
        skip++;
    if (skip < len && body[skip] == '{')
        return cJSON_ParseWithLength(body, len);
    if (oauth_type_is_form(content_type) ||
        oauth_body_looks_form(body + skip, len - skip))
        return oauth_form_to_json(body + skip, len - skip);
    return cJSON_ParseWithLength(body, len);
}

tstatus
oauth_parse_token_response(long status, const char *body, size_t len,
                           int64_t now, struct oauth_tokens *out,
                           struct oauth_error *oe, struct err *e)
{
    return oauth_parse_token_answer(status, NULL, body, len, now, out, oe, e);
}

tstatus
oauth_parse_token_answer(long status, const char *content_type,
                         const char *body, size_t len, int64_t now,
                         struct oauth_tokens *out, struct oauth_error *oe,
                         struct err *e)
{
    memset(out, 0, sizeof *out);
    struct oauth_error local;
    if (oe == NULL)
        oe = &local;
    memset(oe, 0, sizeof *oe);

    cJSON *j = oauth_token_body_parse(content_type, body, len);
    if (!cJSON_IsObject(j)) {
        if (j != NULL) {
            oauth_json_wipe(j);
            cJSON_Delete(j);
        }
        if (status >= 200 && status < 300)
            return err_set(e, TS_HTTP, NULL,
                           "the token endpoint answered %ld but neither "
                           "with a JSON object nor with a form; check the "
                           "token URL",
                           status);
        return err_set(e, TS_HTTP, NULL,
                       "the token endpoint answered %ld without an OAuth "
                       "error; %s",
                       status,
                       status >= 500 ? "the provider failed, try again later"
                       : status == 401 || status == 403
                           ? "check the client id and secret and the client "
                             "authentication style (--client-auth)"
                           : "check the token URL");
    }

    const cJSON *err = cJSON_GetObjectItemCaseSensitive(j, "error");
    if (cJSON_IsString(err) && err->valuestring[0] != '\0') {
        oauth_error_set(oe, oauth_json_get(j, "error"),
                        oauth_json_get(j, "error_description"),
                        oauth_json_get(j, "error_uri"));
        oauth_json_wipe(j);
        cJSON_Delete(j);
        return err_set(e, TS_OAUTH, NULL, "%s%s%s", oe->error,
                       oe->description[0] ? ": " : "", oe->description);
    }

    const cJSON *at = cJSON_GetObjectItemCaseSensitive(j, "access_token");
    if (!cJSON_IsString(at) || at->valuestring[0] == '\0') {
        oauth_json_wipe(j);
        cJSON_Delete(j);
        return err_set(e, TS_HTTP, NULL,
                       "the token endpoint answered %ld without an "
                       "access_token",
                       status);
    }

    bool ok = oauth_json_secret(j, "access_token", &out->access_token) &&
              oauth_json_secret(j, "refresh_token", &out->refresh_token) &&
              oauth_json_str(j, "token_type", &out->token_type) &&
              oauth_json_str(j, "scope", &out->scope);
    int64_t ttl = oauth_json_seconds(j, "expires_in");
    out->obtained_at = now;
    out->expires_at = ttl >= 0 ? now + ttl : 0;
    oauth_json_wipe(j);
    cJSON_Delete(j);
    if (!ok) {
        oauth_tokens_clear(out);
        return err_set(e, TS_NOMEM, NULL, "out of memory");
    }
    return TS_OK;
}

void
oauth_tokens_adopt(struct oauth_tokens *dst, struct oauth_tokens *fresh)
{
    if (!secret_is_set(&fresh->refresh_token) &&
        secret_is_set(&dst->refresh_token)) {
        fresh->refresh_token = dst->refresh_token;
        fresh->refresh_token.changed = true;
        memset(&dst->refresh_token, 0, sizeof dst->refresh_token);
    }
    if (fresh->scope == NULL) {
        fresh->scope = dst->scope;
        dst->scope = NULL;
    }
    oauth_tokens_clear(dst);
    *dst = *fresh;
    dst->needs_auth = false;
    free(dst->needs_auth_reason);
    dst->needs_auth_reason = NULL;
    memset(fresh, 0, sizeof *fresh);
}

bool
oauth_token_usable(const struct oauth_tokens *t, int64_t now)
{
    if (t->needs_auth || t->access_token.value == NULL)
        return false;
    return t->expires_at == 0 || t->expires_at - OAUTH_REFRESH_BUFFER_S > now;
}

/* "what: remedy" into buf, the remedy worded for the face (remedy.h). */
static void
oauth_advise(char *buf, size_t len, const char *name, const char *what,
             const char *cli, const char *screen)
{
    char r[256];
    remedy_say(r, sizeof r, name, cli, screen);
    snprintf(buf, len, "%s%s%s", what, what[0] ? ": " : "", r);
}

/* What to change, for an error code at a stage. Writes into buf. */
static void
oauth_error_advice(const struct oauth_error *oe, const struct integration *ig,
                   enum oauth_stage stage, int port, char *buf, size_t len)
{
    const char *name = ig->name;
    const char *code = oe->error;
    char what[256];
    bool redirect = strstr(oe->description, "redirect_uri") != NULL ||
                    strstr(oe->description, "redirect uri") != NULL;
    if (port <= 0)
        port = ig->oauth.redirect_port > 0 ? ig->oauth.redirect_port
                                           : MODEL_DEFAULT_REDIRECT_PORT;

    if (redirect) {
        snprintf(what, sizeof what,
                 "register http://127.0.0.1:%d/callback as a redirect URI "
                 "of this client at the provider, or use the port "
                 "registered there",
                 port);
        oauth_advise(buf, len, name, what, "tether edit NAME --redirect-port N",
                     "set it as Redirect Port in step 3");
    } else if (strcmp(code, "invalid_client") == 0) {
        if (ig->oauth.client_auth == CLIENT_AUTH_TLS) {
            snprintf(what, sizeof what,
                     "the provider did not accept the TLS client "
                     "certificate %s for client id \"%s\": check that it "
                     "is the certificate registered for this client "
                     "(tls_client_auth, its subject DN), or use a client "
                     "secret instead",
                     ig->net.client_cert ? ig->net.client_cert : "(none)",
                     ig->oauth.client_id ? ig->oauth.client_id : "");
            oauth_advise(buf, len, name, what,
                         "tether edit NAME --client-cert FILE --client-key "
                         "FILE",
                         "set Client Certificate and Client Key in step 2");
        } else if (!secret_is_set(&ig->oauth.client_secret)) {
            snprintf(what, sizeof what,
                     "the provider did not accept client id \"%s\" "
                     "without a secret: check the client id, and if the "
                     "provider issued a secret set it",
                     ig->oauth.client_id ? ig->oauth.client_id : "");
            oauth_advise(buf, len, name, what,
                         "tether edit NAME --client-secret-stdin",
                         "enter it as OAuth Client Secret in step 3");
        } else if (ig->oauth.client_auth == CLIENT_AUTH_BASIC) {
            oauth_advise(buf, len, name,
                         "check the client id and secret; if they are "
                         "right, this provider may want them in the form "
                         "body instead of the Basic header",
                         "tether edit NAME --client-auth body",
                         "choose Form body as Token Client Auth in step 3");
        } else {
            oauth_advise(buf, len, name,
                         "check the client id and secret; if they are "
                         "right, this provider may want them in an HTTP "
                         "Basic header instead of the form body",
                         "tether edit NAME --client-auth basic",
                         "choose HTTP Basic header as Token Client Auth in "
                         "step 3");
        }
    } else if (strcmp(code, "invalid_grant") == 0) {
        if (stage == OAUTH_STAGE_REFRESH)
            oauth_advise(buf, len, name,
                         "the refresh token is no longer accepted (revoked "
                         "or expired)",
                         "run: tether authorize NAME",
                         "authorize again (step 4, or a on the home "
                         "screen)");
        else if (stage == OAUTH_STAGE_CODE)
            oauth_advise(buf, len, name,
                         "the code was refused (expired, already used, or "
                         "the redirect URI or PKCE verifier did not match)",
                         "run tether authorize NAME again, or try --no-pkce "
                         "if this provider does not support PKCE",
                         "press Authorize again, or untick Use PKCE in "
                         "step 3 if this provider does not support PKCE");
        else
            oauth_advise(buf, len, name, "check the grant settings",
                         "tether show NAME", "see steps 2 and 3");
    } else if (strcmp(code, "unauthorized_client") == 0) {
        snprintf(what, sizeof what,
                 "this client may not use the %s grant: allow it for the "
                 "client at the provider, or choose another",
                 oauth_grant_name(ig->oauth.grant));
        oauth_advise(buf, len, name, what, "tether edit NAME --grant G",
                     "Grant Type in step 3");
    } else if (strcmp(code, "invalid_scope") == 0) {
        snprintf(what, sizeof what,
                 "the scope \"%s\" was refused: ask only for scopes this "
                 "client may have",
                 ig->oauth.scope ? ig->oauth.scope : "");
        oauth_advise(buf, len, name, what, "tether edit NAME --scope S",
                     "Scope in step 3");
    } else if (strcmp(code, "access_denied") == 0 &&
               (ig->oauth.scope == NULL || ig->oauth.scope[0] == '\0')) {
        oauth_advise(buf, len, name,
                     "no scope was asked for, and the provider may need "
                     "one (e.g. openid)",
                     "set it with tether edit NAME --scope S, then run "
                     "tether authorize NAME again",
                     "set Scope in step 3, then press Authorize again");
    } else if (strcmp(code, "access_denied") == 0) {
        oauth_advise(buf, len, name, "",
                     "run tether authorize NAME again and approve it",
                     "press Authorize again and approve it");
    } else if (strcmp(code, "expired_token") == 0) {
        oauth_advise(
            buf, len, name, "the user code expired before it was entered",
            "run tether authorize NAME again", "press Authorize again");
    } else if (strcmp(code, "unsupported_grant_type") == 0) {
        snprintf(what, sizeof what,
                 "the token endpoint does not offer the %s grant: check "
                 "the token URL and the grant",
                 oauth_grant_name(ig->oauth.grant));
        oauth_advise(buf, len, name, what, "tether edit NAME",
                     "Token URL and Grant Type in step 3");
    } else if (strcmp(code, "invalid_request") == 0 &&
               stage == OAUTH_STAGE_AUTHORIZE &&
               strstr(oe->description, "PKCE") != NULL) {
        oauth_advise(buf, len, name,
                     "the provider requires PKCE for this client",
                     "tether edit NAME --pkce", "tick Use PKCE in step 3");
    } else if (strcmp(code, "server_error") == 0 ||
               strcmp(code, "temporarily_unavailable") == 0) {
        snprintf(buf, len, "the provider failed; try again later");
    } else {
        oauth_advise(buf, len, name,
                     "check the OAuth settings against the provider's "
                     "documentation",
                     "tether show NAME", "steps 2 and 3");
    }
}

tstatus
oauth_error_explain(const struct oauth_error *oe, const struct integration *ig,
                    enum oauth_stage stage, int port, struct err *e)
{
    static const char *const stages[] = {
        [OAUTH_STAGE_AUTHORIZE] = "authorization",
        [OAUTH_STAGE_CODE] = "code exchange",
        [OAUTH_STAGE_REFRESH] = "token refresh",
        [OAUTH_STAGE_CLIENT] = "client credentials",
        [OAUTH_STAGE_DEVICE] = "device authorization",
    };
    char advice[320];
    oauth_error_advice(oe, ig, stage, port, advice, sizeof advice);
    tstatus st = TS_OAUTH;
    if (stage == OAUTH_STAGE_REFRESH && strcmp(oe->error, "invalid_grant") == 0)
        st = TS_NEEDS_AUTH;
    bool blank_scope = ig->oauth.scope == NULL || ig->oauth.scope[0] == '\0';
    if (strcmp(oe->error, "access_denied") == 0 &&
        stage == OAUTH_STAGE_AUTHORIZE)
        return err_set(e, st, NULL, "%s (access_denied%s%s)\n%s",
                       blank_scope ? "the provider refused the request"
                                   : "the request was denied in the browser",
                       oe->description[0] ? ": " : "", oe->description, advice);
    return err_set(e, st, NULL, "%s failed: %s%s%s%s%s%s\n%s", stages[stage],
                   oe->error, oe->description[0] ? ": " : "", oe->description,
                   oe->uri[0] ? " (see " : "", oe->uri, oe->uri[0] ? ")" : "",
                   advice);
}

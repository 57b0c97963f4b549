// One-line wrappers for OpenSSL 3 function-like macros that Swift cannot import,
// and typed copies of the (uint64_t)-cast SSL_OP_* constants.
#ifndef TLSPEEK_COPENSSL_SHIM_H
#define TLSPEEK_COPENSSL_SHIM_H

#include <openssl/ssl.h>
#include <openssl/err.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>
#include <openssl/evp.h>
#include <openssl/ec.h>
#include <openssl/rsa.h>
#include <openssl/pem.h>
#include <openssl/bio.h>
#include <openssl/bn.h>
#include <openssl/rand.h>
#include <openssl/core_names.h>

static const uint64_t tlspeek_SSL_OP_ALL = SSL_OP_ALL;
static const uint64_t tlspeek_SSL_OP_NO_COMPRESSION = SSL_OP_NO_COMPRESSION;
static const uint64_t tlspeek_SSL_OP_NO_RENEGOTIATION = SSL_OP_NO_RENEGOTIATION;
static const uint64_t tlspeek_SSL_OP_CIPHER_SERVER_PREFERENCE = SSL_OP_CIPHER_SERVER_PREFERENCE;
static const uint64_t tlspeek_SSL_OP_NO_TICKET = SSL_OP_NO_TICKET;
static const uint64_t tlspeek_SSL_OP_IGNORE_UNEXPECTED_EOF = SSL_OP_IGNORE_UNEXPECTED_EOF;

static const unsigned long tlspeek_XN_FLAG_RFC2253 = XN_FLAG_RFC2253;

static inline long tlspeek_SSL_set_tlsext_host_name(SSL *ssl, const char *name) {
    return SSL_set_tlsext_host_name(ssl, name);
}
static inline int tlspeek_SSL_CTX_set_min_proto_version(SSL_CTX *ctx, int version) {
    return (int)SSL_CTX_set_min_proto_version(ctx, version);
}
static inline int tlspeek_SSL_CTX_set_max_proto_version(SSL_CTX *ctx, int version) {
    return (int)SSL_CTX_set_max_proto_version(ctx, version);
}
static inline long tlspeek_SSL_CTX_set_mode(SSL_CTX *ctx, long mode) {
    return SSL_CTX_set_mode(ctx, mode);
}
static inline long tlspeek_SSL_set_mode(SSL *ssl, long mode) {
    return SSL_set_mode(ssl, mode);
}
static inline long tlspeek_BIO_set_mem_eof_return(BIO *bio, int value) {
    return BIO_set_mem_eof_return(bio, value);
}
static inline void tlspeek_BIO_set_retry_read(BIO *bio) { BIO_set_retry_read(bio); }
static inline void tlspeek_BIO_clear_retry_flags(BIO *bio) { BIO_clear_retry_flags(bio); }
static inline long tlspeek_BIO_get_mem_data(BIO *bio, char **data) {
    return BIO_get_mem_data(bio, data);
}
static inline int tlspeek_SSL_CTX_set1_groups_list(SSL_CTX *ctx, const char *list) {
    return (int)SSL_CTX_set1_groups_list(ctx, list);
}
static inline int tlspeek_SSL_CTX_add_extra_chain_cert(SSL_CTX *ctx, X509 *cert) {
    return (int)SSL_CTX_add_extra_chain_cert(ctx, cert);
}
static inline int tlspeek_SSL_get_negotiated_group(SSL *ssl) {
    return (int)SSL_get_negotiated_group(ssl);
}
static inline int tlspeek_SSL_get_peer_tmp_key(SSL *ssl, EVP_PKEY **key) {
    return (int)SSL_get_peer_tmp_key(ssl, key);
}
static inline long tlspeek_SSL_CTX_sess_set_cache_size(SSL_CTX *ctx, long size) {
    return SSL_CTX_sess_set_cache_size(ctx, size);
}
static inline long tlspeek_SSL_CTX_set_session_cache_mode(SSL_CTX *ctx, long mode) {
    return SSL_CTX_set_session_cache_mode(ctx, mode);
}
static inline int tlspeek_SSL_set1_chain_cert_stack(SSL *ssl, STACK_OF(X509) *chain) {
    return (int)SSL_set1_chain(ssl, chain);
}
static inline int tlspeek_SSL_add1_chain_cert(SSL *ssl, X509 *cert) {
    return (int)SSL_add1_chain_cert(ssl, cert);
}

// STACK_OF(X509) accessors are type-safe macros in OpenSSL 3.
static inline int tlspeek_sk_X509_num(const STACK_OF(X509) *stack) { return sk_X509_num(stack); }
static inline X509 *tlspeek_sk_X509_value(const STACK_OF(X509) *stack, int index) {
    return sk_X509_value(stack, index);
}
static inline int tlspeek_sk_GENERAL_NAME_num(const GENERAL_NAMES *names) {
    return sk_GENERAL_NAME_num(names);
}
static inline GENERAL_NAME *tlspeek_sk_GENERAL_NAME_value(const GENERAL_NAMES *names, int index) {
    return sk_GENERAL_NAME_value(names, index);
}
static inline void tlspeek_GENERAL_NAMES_free(GENERAL_NAMES *names) {
    GENERAL_NAMES_free(names);
}

// The servername/client-hello callbacks take the SSL handle's app data via ex_data index 0.
static inline int tlspeek_SSL_set_app_data(SSL *ssl, void *data) { return SSL_set_ex_data(ssl, 0, data); }
static inline void *tlspeek_SSL_get_app_data(const SSL *ssl) { return SSL_get_ex_data(ssl, 0); }

// TLS engine (Sources/TLS/SSLConnection.swift): the server's own ephemeral key for TLS 1.2 group names.
static inline int tlspeek_SSL_get_tmp_key(SSL *ssl, EVP_PKEY **key) {
    return (int)SSL_get_tmp_key(ssl, key);
}
static const int tlspeek_SSL_CLIENT_HELLO_SUCCESS = SSL_CLIENT_HELLO_SUCCESS;
static const int tlspeek_SSL_CLIENT_HELLO_ERROR = SSL_CLIENT_HELLO_ERROR;
static const int tlspeek_SSL_CLIENT_HELLO_RETRY = SSL_CLIENT_HELLO_RETRY;

// --- Certificate building (CertificateBuilder.swift) ---
static inline int tlspeek_sk_GENERAL_NAME_push(GENERAL_NAMES *names, GENERAL_NAME *name) {
    return sk_GENERAL_NAME_push(names, name);
}
static const int tlspeek_MBSTRING_UTF8 = MBSTRING_UTF8;

// OpenSSL 3.0 encodes a provider key's SubjectPublicKeyInfo (X509_set_pubkey) through its
// encoder framework, ~300 us per call; a legacy EC_KEY/RSA-backed copy of the key takes the
// old ameth->pub_encode path, ~7 us (measured on 3.0.19). Returns a new EVP_PKEY (the caller
// frees it), or NULL if no legacy copy can be made (the caller then uses `key` itself).
static inline EVP_PKEY *tlspeek_EVP_PKEY_legacy_copy(EVP_PKEY *key) {
#ifndef OPENSSL_NO_DEPRECATED_3_0
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wdeprecated-declarations"
    EVP_PKEY *copy = NULL;
    if (EVP_PKEY_get_base_id(key) == EVP_PKEY_EC) {
        EC_KEY *ec = EVP_PKEY_get1_EC_KEY(key);
        if (ec != NULL && (copy = EVP_PKEY_new()) != NULL && EVP_PKEY_assign(copy, EVP_PKEY_EC, ec) == 1) return copy;
        EC_KEY_free(ec);
    } else if (EVP_PKEY_get_base_id(key) == EVP_PKEY_RSA) {
        RSA *rsa = EVP_PKEY_get1_RSA(key);
        if (rsa != NULL && (copy = EVP_PKEY_new()) != NULL && EVP_PKEY_assign(copy, EVP_PKEY_RSA, rsa) == 1) return copy;
        RSA_free(rsa);
    }
    EVP_PKEY_free(copy);
#pragma GCC diagnostic pop
#endif
    return NULL;
}

#endif

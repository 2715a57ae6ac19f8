package io.privacyplatform.retention.datastore;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;

/**
 * The two padded keys of HMAC-SHA256 (RFC 2104), computed once in Java so that PostgreSQL can hash a column in place
 * with its built-in sha256(): HMAC(k, m) = sha256((k xor opad) || sha256((k xor ipad) || m)). Values never leave
 * the database.
 */
record HmacPads(byte[] inner, byte[] outer) {

    private static final int BLOCK = 64;

    static HmacPads of(byte[] key) {
        byte[] k = key.length > BLOCK ? sha256(key) : key;
        byte[] block = Arrays.copyOf(k, BLOCK);
        byte[] inner = new byte[BLOCK];
        byte[] outer = new byte[BLOCK];
        for (int i = 0; i < BLOCK; i++) {
            inner[i] = (byte) (block[i] ^ 0x36);
            outer[i] = (byte) (block[i] ^ 0x5c);
        }
        return new HmacPads(inner, outer);
    }

    /** The SQL expression of the hex HMAC of {@code column} (a text column), binding {@link #outer} then {@link #inner}. */
    static String sql(String column) {
        return "encode(sha256(?::bytea || sha256(?::bytea || convert_to(" + column + ", 'UTF8'))), 'hex')";
    }

    private static byte[] sha256(byte[] bytes) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(bytes);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}

package dev.weft.model.ipset;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/** Content hashing for Weft-owned kernel names: SHA-256 of a text, as lower-case RFC 4648 base32 (a–z, 2–7) without padding, truncated. */
public final class ContentHash {
    private static final char[] ALPHABET = "abcdefghijklmnopqrstuvwxyz234567".toCharArray();

    private ContentHash() {}

    /**
     * The first {@code chars} base32 characters of SHA-256({@code text} as UTF-8).
     *
     * @param chars 1–51
     */
    public static String base32(String text, int chars) {
        byte[] digest;
        try {
            digest = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required by every JDK", e);
        }
        StringBuilder out = new StringBuilder(chars);
        int buffer = 0;
        int bits = 0;
        for (byte b : digest) {
            buffer = (buffer << 8) | (b & 0xff);
            bits += 8;
            while (bits >= 5 && out.length() < chars) {
                out.append(ALPHABET[(buffer >>> (bits - 5)) & 31]);
                bits -= 5;
            }
        }
        return out.toString();
    }
}

package dev.weft.model.ipset;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/** Content hashing for Weft-owned kernel names: SHA-256 of a text, as lower-case RFC 4648 base32 (a–z, 2–7) without padding, truncated. */
public final class ContentHash {
    private static final char[] ALPHABET = "abcdefghijklmnopqrstuvwxyz234567".toCharArray();

    private static final MessageDigest SHA256;

    static {
        try {
            SHA256 = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private ContentHash() {}

    /**
     * The first {@code chars} base32 characters of SHA-256({@code text} as UTF-8).
     *
     * @param chars 1–51
     */
    public static String base32(String text, int chars) {
        if (chars < 1 || chars > 51) {
            throw new IllegalArgumentException("chars must be 1-51, got " + chars);
        }
        byte[] digest;
        try {
            digest = ((MessageDigest) SHA256.clone()).digest(text.getBytes(StandardCharsets.UTF_8));
        } catch (CloneNotSupportedException e) {
            throw new IllegalStateException("SHA-256 digest is not cloneable", e);
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

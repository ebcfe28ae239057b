package io.dnwerks.customer.domain;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.HexFormat;

/**
 * The keyed hash an erased customer's phone number is kept as: HMAC-SHA256 of the E.164 number, hex.
 * Without the key a hash cannot be reversed by hashing every possible number (there are only ten
 * billion or so in a country); with it, a number shown again can be matched to its opt-out.
 */
public final class PhoneHash {

    private final SecretKeySpec key;

    public PhoneHash(String key) {
        this.key = new SecretKeySpec(key.getBytes(StandardCharsets.UTF_8), "HmacSHA256");
    }

    public String of(String e164) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(key);
            return HexFormat.of().formatHex(mac.doFinal(e164.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
        }
    }
}

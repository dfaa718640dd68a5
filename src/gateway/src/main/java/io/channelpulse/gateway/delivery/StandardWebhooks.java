package io.channelpulse.gateway.delivery;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Standard Webhooks 1.0 signatures: {@code v1,<base64 HMAC-SHA256 of "id.timestamp.body">}.
 * Secrets in the standard's {@code whsec_<base64>} form are base64-decoded; others are used as
 * UTF-8 bytes. With several secrets (during rotation) every signature is sent, space-separated,
 * and a receiver accepts the message when any of them verifies.
 */
public final class StandardWebhooks {

    private static final String PREFIX = "whsec_";

    private StandardWebhooks() {}

    public static String sign(List<String> secrets, String id, long timestamp, String body) {
        List<String> signatures = new ArrayList<>();
        for (String secret : secrets) {
            signatures.add("v1," + Base64.getEncoder().encodeToString(hmac(key(secret), id + "." + timestamp + "." + body)));
        }
        return String.join(" ", signatures);
    }

    /** Whether {@code header} holds a valid v1 signature of the message under {@code secret}. */
    public static boolean verify(String secret, String id, long timestamp, String body, String header) {
        byte[] expected = hmac(key(secret), id + "." + timestamp + "." + body);
        for (String part : header.split(" ")) {
            if (part.startsWith("v1,")) {
                byte[] given;
                try {
                    given = Base64.getDecoder().decode(part.substring(3));
                } catch (IllegalArgumentException e) {
                    continue;
                }
                if (MessageDigest.isEqual(expected, given)) {
                    return true;
                }
            }
        }
        return false;
    }

    /**
     * The HMAC key of {@code secret}, for checking a secret when the configuration is loaded.
     *
     * @throws IllegalArgumentException naming the problem (empty, or a {@code whsec_} secret that
     *     is not base64) without echoing the secret
     */
    public static byte[] key(String secret) {
        byte[] key;
        if (secret.startsWith(PREFIX)) {
            try {
                key = Base64.getDecoder().decode(secret.substring(PREFIX.length()));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("a whsec_ secret must be base64 after the prefix (" + e.getMessage() + ")");
            }
        } else {
            key = secret.getBytes(StandardCharsets.UTF_8);
        }
        if (key.length == 0) {
            throw new IllegalArgumentException("the secret is empty");
        }
        return key;
    }

    private static byte[] hmac(byte[] key, String message) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return mac.doFinal(message.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException("HMAC-SHA256 unavailable", e);
        }
    }
}

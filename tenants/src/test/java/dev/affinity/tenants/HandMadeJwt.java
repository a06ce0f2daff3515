package dev.affinity.tenants;

import io.vertx.core.json.JsonObject;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/** Builds JWTs by hand (any header, any claims, any HMAC algorithm) to attack {@link JwtTokens}. */
final class HandMadeJwt {

    private HandMadeJwt() {
    }

    static String b64(String json) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(json.getBytes(StandardCharsets.UTF_8));
    }

    /** header.payload.signature with HMAC (javaAlg "HmacSHA256" / "HmacSHA512"). */
    static String sign(JsonObject header, JsonObject payload, byte[] secret, String javaAlg) {
        String signingInput = b64(header.encode()) + "." + b64(payload.encode());
        try {
            Mac mac = Mac.getInstance(javaAlg);
            mac.init(new SecretKeySpec(secret, javaAlg));
            byte[] sig = mac.doFinal(signingInput.getBytes(StandardCharsets.US_ASCII));
            return signingInput + "." + Base64.getUrlEncoder().withoutPadding().encodeToString(sig);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    static String hs256(JsonObject payload, byte[] secret) {
        return sign(new JsonObject().put("alg", "HS256").put("typ", "JWT"), payload, secret, "HmacSHA256");
    }
}

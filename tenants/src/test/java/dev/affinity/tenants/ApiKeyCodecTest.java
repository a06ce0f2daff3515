package dev.affinity.tenants;

import org.junit.jupiter.api.Test;

import java.util.HashSet;
import java.util.Set;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ApiKeyCodecTest {

    private static final Pattern FORMAT = Pattern.compile("ak_[a-z0-9]{12}_[A-Za-z0-9_-]{43}");

    @Test
    void generatedKeysHaveTheDocumentedFormatAndParse() {
        ApiKeyCodec.Generated g = ApiKeyCodec.generate();
        assertTrue(FORMAT.matcher(g.token()).matches(), g.keyId());
        assertEquals(g.keyId(), ApiKeyCodec.keyIdOf(g.token()).orElseThrow());
        assertFalse(g.toString().contains(g.token()), "toString must not reveal the token");
    }

    @Test
    void keysAreUniqueAndHighEntropy() {
        Set<String> ids = new HashSet<>();
        Set<String> secrets = new HashSet<>();
        int[] charCounts = new int[128];
        int n = 2000;
        for (int i = 0; i < n; i++) {
            ApiKeyCodec.Generated g = ApiKeyCodec.generate();
            ids.add(g.keyId());
            String secret = g.token().substring(16);
            secrets.add(secret);
            secret.chars().forEach(c -> charCounts[c]++);
        }
        assertEquals(n, ids.size());
        assertEquals(n, secrets.size());
        // Shannon entropy per secret character should be close to log2(64) = 6 bits.
        double total = n * 43.0;
        double entropy = 0;
        for (int c : charCounts) {
            if (c > 0) {
                double p = c / total;
                entropy -= p * Math.log(p) / Math.log(2);
            }
        }
        assertTrue(entropy > 5.9, "entropy per char " + entropy);
    }

    @Test
    void hashVerifiesOnlyTheSameToken() {
        ApiKeyCodec.Generated a = ApiKeyCodec.generate();
        ApiKeyCodec.Generated b = ApiKeyCodec.generate();
        String hash = ApiKeyCodec.hash(a.token());
        assertEquals(64, hash.length());
        assertTrue(ApiKeyCodec.matches(a.token(), hash));
        assertFalse(ApiKeyCodec.matches(b.token(), hash));
        assertFalse(ApiKeyCodec.matches(a.token(), "not-hex"));
        assertFalse(ApiKeyCodec.matches(null, hash));
    }

    @Test
    void malformedTokensAreRejectedBeforeAnyLookup() {
        String good = ApiKeyCodec.generate().token();
        assertTrue(ApiKeyCodec.keyIdOf(null).isEmpty());
        assertTrue(ApiKeyCodec.keyIdOf("").isEmpty());
        assertTrue(ApiKeyCodec.keyIdOf(good + "x").isEmpty());
        assertTrue(ApiKeyCodec.keyIdOf(good.substring(0, good.length() - 1)).isEmpty());
        assertTrue(ApiKeyCodec.keyIdOf("xx" + good.substring(2)).isEmpty());
        assertTrue(ApiKeyCodec.keyIdOf(good.substring(0, 3) + "ABCDEFGHIJKL" + good.substring(15)).isEmpty());
        assertTrue(ApiKeyCodec.keyIdOf(good.substring(0, 20) + "'" + good.substring(21)).isEmpty());
    }
}

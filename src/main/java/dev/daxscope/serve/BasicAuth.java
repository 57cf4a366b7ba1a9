package dev.daxscope.serve;

import dev.daxscope.serve.http.RequestHead;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import org.springframework.security.crypto.bcrypt.BCrypt;

/**
 * HTTP basic authentication against the bcrypt hashes of a {@link WebConfig}. bcrypt is slow on
 * purpose (tens of milliseconds a check), so a password once found right is remembered (as a
 * SHA-256 of user and password, never in clear) and a scraper pays the check once, and checks run
 * one at a time: a client trying passwords takes one core at most, never the scrape's.
 */
final class BasicAuth {
    /** Remembered right passwords; past this many (a client cycling through accounts) none more is remembered. */
    private static final int MAX_REMEMBERED = 1024;

    private final Map<String, String> users;
    private final Set<String> admitted = ConcurrentHashMap.newKeySet();
    private final Semaphore checking = new Semaphore(1, true);

    BasicAuth(Map<String, String> users) {
        this.users = Map.copyOf(users);
    }

    /** Whether the request's Authorization header names a user of the file with the right password. */
    boolean admits(RequestHead head) {
        List<String> values = head.values("Authorization");
        if (values.size() != 1 || !values.getFirst().regionMatches(true, 0, "Basic ", 0, 6)) {
            return false;
        }
        String pair;
        try {
            pair = new String(Base64.getDecoder().decode(values.getFirst().substring(6).strip()), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException notBase64) {
            return false;
        }
        int colon = pair.indexOf(':');
        if (colon < 0) {
            return false;
        }
        String user = pair.substring(0, colon);
        String hash = users.get(user);
        if (hash == null) {
            return false;
        }
        String key = fingerprint(pair);
        if (admitted.contains(key)) {
            return true;
        }
        checking.acquireUninterruptibly();
        try {
            if (!BCrypt.checkpw(pair.substring(colon + 1), hash)) {
                return false;
            }
        } catch (IllegalArgumentException malformedHash) {
            return false;
        } finally {
            checking.release();
        }
        if (admitted.size() < MAX_REMEMBERED) {
            admitted.add(key);
        }
        return true;
    }

    private static String fingerprint(String pair) {
        try {
            return Base64.getEncoder().encodeToString(
                    MessageDigest.getInstance("SHA-256").digest(pair.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java has SHA-256", e);
        }
    }
}

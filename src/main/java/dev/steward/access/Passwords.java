package dev.steward.access;

import java.util.Map;
import org.springframework.security.crypto.argon2.Argon2PasswordEncoder;
import org.springframework.security.crypto.password.DelegatingPasswordEncoder;
import org.springframework.security.crypto.password.PasswordEncoder;

/**
 * How passwords are hashed: Argon2id with OWASP's recommended minimum (19 MiB of memory, 2 iterations, 1 lane, 16-byte
 * salt). Each hash is stored with its algorithm and parameters, so stronger settings later apply to new passwords
 * without breaking old ones.
 */
public final class Passwords {

    private Passwords() {}

    /** The encoder the server and the command line share. */
    public static PasswordEncoder encoder() {
        Argon2PasswordEncoder argon2 = new Argon2PasswordEncoder(16, 32, 1, 19 * 1024, 2);
        return new DelegatingPasswordEncoder("argon2", Map.of("argon2", argon2));
    }
}

package io.began.service.access;

import io.quarkus.runtime.LaunchMode;
import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * Who may do what on a service's HTTP API: requests that change something need the bearer token
 * {@code began.api.token} (BEGAN_API_TOKEN); reads are open unless {@code began.api.protect-reads}. A service in prod
 * mode without a token does not start unless {@code began.api.open} says it is meant to be open.
 */
@ApplicationScoped
public class ApiAccess {

    private static final Logger LOG = Logger.getLogger(ApiAccess.class);
    private static final String BEARER = "Bearer ";

    private final byte[] token;
    private final boolean open;
    private final boolean protectReads;

    @Inject
    public ApiAccess(ApiConfig config) {
        this(config.token(), config.open(), config.protectReads());
    }

    ApiAccess(Optional<String> token, boolean open, boolean protectReads) {
        this.token = token.map(String::strip)
                .filter(t -> !t.isEmpty())
                .map(t -> t.getBytes(StandardCharsets.UTF_8))
                .orElse(null);
        this.open = open;
        this.protectReads = protectReads;
    }

    /** First thing at start: a service that would be open by mistake stops here, saying why. */
    void check(@Observes @Priority(1) StartupEvent event) {
        if (token != null) {
            LOG.infof(
                    "API: requests that change something need the bearer token (BEGAN_API_TOKEN)%s",
                    protectReads ? "; reads too" : "; reads are open");
        } else if (open || LaunchMode.current() != LaunchMode.NORMAL) {
            LOG.warnf(
                    "API: OPEN, no BEGAN_API_TOKEN: anyone who reaches this port can change runs and settings%s",
                    open ? " (began.api.open=true)" : " (" + LaunchMode.current() + " mode)");
        } else {
            String why = "no API token: set BEGAN_API_TOKEN (the bearer token of requests that change something), "
                    + "or BEGAN_API_OPEN=true to run with an open API";
            LOG.error(why);
            throw new IllegalStateException(why);
        }
    }

    /** Whether a request of this kind needs the token. */
    public boolean needsToken(boolean changesSomething) {
        return token != null && (changesSomething || protectReads);
    }

    /** Whether an Authorization header carries the token (compared in constant time). */
    public boolean accepts(String authorization) {
        if (token == null) {
            return true;
        }
        if (authorization == null || !authorization.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
            return false;
        }
        byte[] given = authorization.substring(BEARER.length()).strip().getBytes(StandardCharsets.UTF_8);
        return MessageDigest.isEqual(token, given);
    }
}

package dev.steward.config;

import java.net.URI;

/** A Redis server address, {@code redis://[:password@]host:port[/db]} or {@code rediss://} for TLS. */
public record RedisUrl(URI uri) {

    /** The address for logs and messages, without the password. */
    public String describe() {
        return uri.getScheme() + "://" + uri.getHost() + ":" + (uri.getPort() < 0 ? 6379 : uri.getPort())
                + (uri.getPath() == null ? "" : uri.getPath());
    }

    @Override
    public String toString() {
        return "RedisUrl[" + describe() + "]";
    }
}

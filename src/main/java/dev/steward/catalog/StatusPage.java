package dev.steward.catalog;

/**
 * The public status page's own settings: the catalog's top-level {@code statusPage} section.
 *
 * @param title the page's title, and the page name in the Statuspage-compatible JSON
 */
public record StatusPage(String title) {

    /** The title when the catalog sets none. */
    public static final String DEFAULT_TITLE = "Status";

    /** The settings of a catalog without a {@code statusPage} section. */
    public static StatusPage standard() {
        return new StatusPage(DEFAULT_TITLE);
    }
}

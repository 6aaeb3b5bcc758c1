package dev.steward.catalog;

/**
 * Published (as a Spring application event) after a reload swapped in a new catalog; not published for the catalog
 * read at start-up, which {@link CatalogService#current()} returns from the start.
 */
public record CatalogChanged(Catalog previous, Catalog current) {}

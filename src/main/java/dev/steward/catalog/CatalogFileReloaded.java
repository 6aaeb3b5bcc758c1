package dev.steward.catalog;

/**
 * Published (as a Spring application event) after the file watcher reloaded the catalog because its file changed,
 * whether the new file was accepted or rejected; reloads asked for through the API are not announced this way.
 */
public record CatalogFileReloaded(String file, CatalogLoad load) {}

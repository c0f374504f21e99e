package io.saasplatform.adapter.http.pages;

/**
 * View model of an error page (not found, bad request).
 *
 * @param homePath the shop's front page when the shop exists, else null
 */
public record ErrorPage(PageMeta meta, String heading, String message, String homePath) {}

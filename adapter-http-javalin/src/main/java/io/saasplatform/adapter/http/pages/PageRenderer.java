package io.saasplatform.adapter.http.pages;

import gg.jte.ContentType;
import gg.jte.TemplateEngine;
import gg.jte.output.StringOutput;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Renders the storefront's templates (precompiled into {@code io.saasplatform.adapter.http.pages.templates} at build
 * time, every {@code ${...}} HTML-escaped for its context) and holds the pages' static assets under content-hashed
 * names, so that an asset URL never changes meaning and can be cached forever.
 */
public final class PageRenderer {
    static final String TEMPLATE_PACKAGE = "io.saasplatform.adapter.http.pages.templates";
    private static final String ASSET_ROOT = "/web/assets/";
    private static final Pattern ACCENT = Pattern.compile("#[0-9a-f]{6}");
    private static final Pattern ACCENT_SHEET = Pattern.compile("accent-([0-9a-f]{6})\\.css");

    /** A static asset: its bytes and content type. */
    public record Asset(byte[] bytes, String contentType) {}

    private final TemplateEngine engine =
            TemplateEngine.createPrecompiled(null, ContentType.Html, PageRenderer.class.getClassLoader(),
                    TEMPLATE_PACKAGE);
    private final String stylesheetPath;
    private final Map<String, Asset> assets;

    public PageRenderer() {
        byte[] css = resource(ASSET_ROOT + "shop.css");
        String versioned = "shop-" + shortHash(css) + ".css";
        this.stylesheetPath = "/assets/" + versioned;
        this.assets = Map.of(versioned, new Asset(css, "text/css; charset=utf-8"));
    }

    /** The stylesheet's URL, e.g. {@code /assets/shop-1a2b3c4d5e6f.css}. */
    public String stylesheetPath() {
        return stylesheetPath;
    }

    /** The asset behind a versioned name under {@code /assets/}; empty for any other name. */
    public Optional<Asset> asset(String name) {
        return Optional.ofNullable(assets.get(name));
    }

    /** The URL of the stylesheet setting the accent colour {@code #1a2b3c}: {@code /assets/accent-1a2b3c.css}. */
    public static String accentSheetPath(String colour) {
        if (!ACCENT.matcher(colour).matches()) {
            throw new IllegalArgumentException("not a colour like #1a2b3c: " + colour);
        }
        return "/assets/accent-" + colour.substring(1) + ".css";
    }

    /**
     * The accent stylesheet named {@code accent-1a2b3c.css}: one custom property, its value taken from the name only
     * when it is exactly six lowercase hex digits, so nothing else can ever reach the stylesheet. Empty for any other
     * name. Being a function of its name, it is as immutable as the hashed assets, and needs no database read.
     */
    public static Optional<Asset> accentSheet(String name) {
        var matcher = ACCENT_SHEET.matcher(name);
        if (!matcher.matches()) {
            return Optional.empty();
        }
        String css = ":root { --accent: #" + matcher.group(1) + "; }\n";
        return Optional.of(new Asset(css.getBytes(StandardCharsets.US_ASCII), "text/css; charset=utf-8"));
    }

    /** {@code template} ({@code "listing.jte"}) rendered with its one parameter, {@code page}. */
    public byte[] render(String template, Object page) {
        StringOutput output = new StringOutput(8192);
        engine.render(template, page, output);
        return output.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] resource(String path) {
        try (InputStream in = PageRenderer.class.getResourceAsStream(path)) {
            if (in == null) {
                throw new IllegalStateException("missing page asset " + path);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String shortHash(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes), 0, 6);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}

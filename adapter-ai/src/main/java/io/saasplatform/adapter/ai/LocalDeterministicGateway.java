package io.saasplatform.adapter.ai;

import io.saasplatform.application.port.out.AiGateway;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link AiGateway} for development and tests without a provider: answers offline with text built from the words of
 * the last user message, with no network and no randomness.
 *
 * <p>The answer starts with a marker carrying a digest of the whole conversation, so the same messages always give
 * the same text and different messages give different text, even when {@code maxOutputTokens} leaves room for a
 * single word. Output is cut to {@code maxOutputTokens} words, and usage counts those words as output tokens and
 * {@link #estimatePromptTokens(List)} as input tokens, so quota metering behaves as with a real provider.
 *
 * <p>Thread-safe and stateless.
 */
final class LocalDeterministicGateway implements AiGateway {
    static final String PROVIDER = "local-deterministic";
    static final String MODEL = "local-deterministic-v1";

    private static final Logger LOG = LoggerFactory.getLogger(LocalDeterministicGateway.class);
    private static final Pattern WORD = Pattern.compile("[\\p{L}\\p{N}][\\p{L}\\p{N}'-]*");
    private static final int MAX_KEYWORDS = 12;

    LocalDeterministicGateway() {
        LOG.warn("AI provider is LOCAL-DETERMINISTIC: answers are assembled offline from the prompt's words, not by a"
                + " real model. Configure an AI API key to use a real provider.");
    }

    @Override
    public Completion complete(CompletionRequest request) {
        Objects.requireNonNull(request, "request");
        List<String> words = words(draft(request.messages()));
        List<String> kept = words.subList(0, Math.min(words.size(), request.maxOutputTokens()));
        return new Completion(
                String.join(" ", kept),
                MODEL,
                PROVIDER,
                new TokenUsage(estimatePromptTokens(request.messages()), kept.size()));
    }

    @Override
    public String providerName() {
        return PROVIDER;
    }

    @Override
    public boolean isLocal() {
        return true;
    }

    private static String draft(List<Message> messages) {
        List<String> keywords = keywords(subject(messages).content());
        StringBuilder text = new StringBuilder("[local-draft-").append(digest(messages)).append("] ");
        if (keywords.isEmpty()) {
            text.append("No subject words were given.");
        } else {
            text.append("About ").append(keywords.getFirst());
            List<String> rest = keywords.subList(1, keywords.size());
            if (!rest.isEmpty()) {
                text.append(": ").append(String.join(", ", rest));
            }
            text.append('.');
        }
        return text.append(" Generated locally without a language model.").toString();
    }

    /** The last user message, which carries the actual ask; the last message when there is none. */
    private static Message subject(List<Message> messages) {
        for (Message message : messages.reversed()) {
            if (message.role() == Role.USER) {
                return message;
            }
        }
        return messages.getLast();
    }

    /** Distinct words of at least three characters, in order of first appearance. */
    private static List<String> keywords(String content) {
        Set<String> seen = new LinkedHashSet<>();
        List<String> keywords = new ArrayList<>();
        Matcher matcher = WORD.matcher(content);
        while (matcher.find() && keywords.size() < MAX_KEYWORDS) {
            String word = matcher.group();
            if (word.length() >= 3 && seen.add(word.toLowerCase(Locale.ROOT))) {
                keywords.add(word);
            }
        }
        return keywords;
    }

    private static List<String> words(String text) {
        return List.of(text.strip().split("\\s+"));
    }

    private static String digest(List<Message> messages) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            for (Message message : messages) {
                sha.update(message.role().name().getBytes(StandardCharsets.UTF_8));
                sha.update((byte) 0);
                sha.update(message.content().getBytes(StandardCharsets.UTF_8));
                sha.update((byte) 0);
            }
            return HexFormat.of().formatHex(sha.digest(), 0, 4);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required by every Java platform", e);
        }
    }
}

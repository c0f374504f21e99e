package io.saasplatform.adapter.http;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.deser.std.StdScalarDeserializer;
import com.fasterxml.jackson.databind.deser.std.StringDeserializer;
import java.io.IOException;

/**
 * The one rule for client text: no control characters other than tab, line feed and carriage return. PostgreSQL
 * refuses NUL in text outright, and the others have no place in names, emails, slugs or search terms; refusing them at
 * the edge makes them a 400 naming the field instead of a database error.
 */
final class TextRules {
    private TextRules() {}

    /** Whether {@code text} holds a C0 control other than TAB, LF, CR, or DEL, or a C1 control. */
    static boolean hasControlCharacter(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if ((c < 0x20 && c != '\t' && c != '\n' && c != '\r') || (c >= 0x7F && c <= 0x9F)) {
                return true;
            }
        }
        return false;
    }

    static String complaint(String field) {
        return field + " must not contain control characters";
    }

    /** Every JSON string bound to a {@code String} of a request record passes through here. */
    static final class StrictStringDeserializer extends StdScalarDeserializer<String> {
        StrictStringDeserializer() {
            super(String.class);
        }

        @Override
        public String deserialize(JsonParser parser, DeserializationContext context) throws IOException {
            String value = StringDeserializer.instance.deserialize(parser, context);
            if (value != null && hasControlCharacter(value)) {
                throw new ControlCharacterException(parser);
            }
            return value;
        }
    }

    /** Raised while binding; {@link JsonBodies} reports it with the JSON path Jackson adds on the way out. */
    static final class ControlCharacterException extends JsonMappingException {
        ControlCharacterException(JsonParser parser) {
            super(parser, "text must not contain control characters");
        }
    }
}

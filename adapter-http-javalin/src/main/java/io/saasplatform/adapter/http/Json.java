package io.saasplatform.adapter.http;

import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.StreamWriteFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.cfg.JsonNodeFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.type.LogicalType;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import com.fasterxml.jackson.module.blackbird.BlackbirdModule;

/** The one JSON configuration of the HTTP API: strict on input, exact for money, ISO-8601 for time. */
final class Json {
    private Json() {}

    static ObjectMapper newMapper() {
        ObjectMapper mapper = JsonMapper.builder()
                .addModule(new JavaTimeModule())
                // Properties read and written through generated lambdas instead of reflection: reflective getter calls
                // were about 4.5 % of the storefront's CPU (ADR 0009's profile).
                .addModule(new BlackbirdModule())
                // NUL and other control characters in any request string are a 400, never a database error.
                .addModule(new SimpleModule("strict-text")
                        .addDeserializer(String.class, new TextRules.StrictStringDeserializer()))
                .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
                .enable(DeserializationFeature.FAIL_ON_NUMBERS_FOR_ENUMS)
                // "{...} garbage" must be a malformed body, not a silently truncated one.
                .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
                // {"price":1,"price":2} has no single meaning; refuse it rather than let the last one win.
                .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
                // A double would turn the price 0.1 into 0.1000000000000000055.
                .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
                // Bodies read as trees keep the number as sent: 12.500 stays 12.500, 100.0 does not become 1E+2.
                .disable(JsonNodeFeature.STRIP_TRAILING_BIGDECIMAL_ZEROES)
                // Silently truncating 2.5 items to 2 would be a wrong order, not a convenience.
                .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
                .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
                .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
                // 1E+3 is valid JSON but surprises every client that shows an amount to a person.
                .enable(StreamWriteFeature.WRITE_BIGDECIMAL_AS_PLAIN)
                .build();
        // A wrong JSON type is a client error to report, not something to guess at: 12 is not the name "12".
        mapper.coercionConfigFor(LogicalType.Textual)
                .setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
                .setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
                .setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail);
        mapper.coercionConfigFor(LogicalType.Integer).setCoercion(CoercionInputShape.Float, CoercionAction.Fail);
        return mapper;
    }
}

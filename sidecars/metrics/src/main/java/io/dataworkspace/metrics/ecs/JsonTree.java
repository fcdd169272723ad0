package io.dataworkspace.metrics.ecs;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.exc.StreamReadException;
import java.io.IOException;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A JSON document read with Jackson's streaming parser into plain Java values: {@link Map} for
 * objects, {@link List} for arrays, {@link String}, {@link Long} / {@link BigInteger} / {@link Double},
 * {@link Boolean}, and {@link #NULL} for JSON null (Java {@code null} means "absent"). Jackson's
 * data-binding layer is not used: it costs several hundred classes at start-up.
 */
final class JsonTree {

    /** JSON {@code null}, distinct from an absent member. */
    static final Object NULL = new Object() {
        @Override
        public String toString() {
            return "null";
        }
    };

    private JsonTree() {
    }

    /**
     * @param factory Jackson's (thread-safe) factory
     * @param json    the document
     * @param what    what the document is, for messages
     * @return its root value
     * @throws MalformedMetadataException when it is not exactly one JSON value
     */
    static Object parse(JsonFactory factory, byte[] json, String what) throws MalformedMetadataException {
        try (JsonParser p = factory.createParser(json)) {
            JsonToken first = p.nextToken();
            if (first == null) {
                throw new MalformedMetadataException(what + ": not JSON (empty body)");
            }
            Object root = value(p, first);
            if (p.nextToken() != null) {
                throw new MalformedMetadataException(what + ": not JSON (content after the document)");
            }
            return root;
        } catch (StreamReadException e) {
            throw new MalformedMetadataException(what + ": not JSON (" + e.getOriginalMessage() + ")", e);
        } catch (IOException e) {
            throw new MalformedMetadataException(what + ": unreadable (" + e.getMessage() + ")", e);
        }
    }

    private static Object value(JsonParser p, JsonToken t) throws IOException {
        switch (t) {
            case START_OBJECT: {
                Map<String, Object> map = new LinkedHashMap<>();
                while (p.nextToken() == JsonToken.FIELD_NAME) {
                    String name = p.currentName();
                    map.put(name, value(p, p.nextToken()));
                }
                return map;
            }
            case START_ARRAY: {
                List<Object> list = new ArrayList<>();
                JsonToken next;
                while ((next = p.nextToken()) != JsonToken.END_ARRAY) {
                    list.add(value(p, next));
                }
                return list;
            }
            case VALUE_STRING:
                return p.getText();
            case VALUE_NUMBER_INT:
                return p.getNumberType() == JsonParser.NumberType.BIG_INTEGER ? p.getBigIntegerValue() : p.getLongValue();
            case VALUE_NUMBER_FLOAT:
                return p.getDoubleValue();
            case VALUE_TRUE:
                return Boolean.TRUE;
            case VALUE_FALSE:
                return Boolean.FALSE;
            case VALUE_NULL:
                return NULL;
            default:
                throw new JsonParseException(p, "unexpected token " + t);
        }
    }

    /**
     * @param node a value
     * @param name a member name
     * @return the member of an object, or Java null when {@code node} is not an object or lacks it
     */
    static Object member(Object node, String name) {
        return node instanceof Map<?, ?> map ? map.get(name) : null;
    }

    /**
     * @param node a value, or null when absent
     * @return Jackson-style type name for messages: OBJECT, ARRAY, STRING, NUMBER, BOOLEAN, NULL, MISSING
     */
    static String type(Object node) {
        if (node == null) {
            return "MISSING";
        }
        if (node == NULL) {
            return "NULL";
        }
        if (node instanceof Map) {
            return "OBJECT";
        }
        if (node instanceof List) {
            return "ARRAY";
        }
        if (node instanceof String) {
            return "STRING";
        }
        if (node instanceof Number) {
            return "NUMBER";
        }
        return "BOOLEAN";
    }
}

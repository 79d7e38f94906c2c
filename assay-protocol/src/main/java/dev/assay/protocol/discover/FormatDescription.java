package dev.assay.protocol.discover;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.assay.protocol.flow.Transport;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * What was inferred about one group of flows thought to speak one protocol: its name (the classifier's label, or the
 * transport and server ports of an unknown group), the transport, the framing of its TCP streams if one was found, how
 * many flows and messages, and the message types with their fields.
 */
public record FormatDescription(String group, Transport l4, Optional<Framing> framing, int flows, int messages, List<MessageType> types) {
    public FormatDescription {
        Objects.requireNonNull(group, "group");
        Objects.requireNonNull(l4, "l4");
        Objects.requireNonNull(framing, "framing");
        types = List.copyOf(types);
    }

    /** The type a message follows: the type of its direction and key value, else its direction's general format. */
    public Optional<MessageType> typeOf(Message m) {
        MessageType general = null;
        for (MessageType t : types) {
            if (t.direction() != m.direction()) continue;
            if (t.keyOffset() < 0) general = t;
            else if (m.length() > t.keyOffset() && (m.bytes()[t.keyOffset()] & 0xff) == t.keyValue()) return Optional.of(t);
        }
        return Optional.ofNullable(general);
    }

    /** Where fields meet in this message by the format of its type (empty when its direction has none). */
    public int[] boundaries(Message m) {
        return typeOf(m).map(t -> t.boundaries(m.length())).orElse(new int[0]);
    }

    public ObjectNode toJson() {
        JsonNodeFactory j = JsonNodeFactory.instance;
        ObjectNode o = j.objectNode();
        o.put("group", group);
        o.put("l4", l4.name());
        o.put("flows", flows);
        o.put("messages", messages);
        if (framing.isPresent()) {
            Framing f = framing.get();
            ObjectNode fr = o.putObject("framing");
            fr.put("offset", f.offset());
            fr.put("width", f.width());
            fr.put("endian", f.endian().name());
            fr.put("adjust", f.adjust());
        } else {
            o.putNull("framing");
        }
        ArrayNode ts = o.putArray("types");
        for (MessageType t : types) {
            ObjectNode tn = ts.addObject();
            tn.put("name", t.name());
            tn.put("direction", t.direction().name());
            if (t.keyOffset() >= 0) {
                tn.put("keyOffset", t.keyOffset());
                tn.put("keyValue", t.keyValue());
            } else {
                tn.putNull("keyOffset");
                tn.putNull("keyValue");
            }
            tn.put("messages", t.messages());
            tn.put("flows", t.flows());
            tn.put("minLength", t.minLength());
            tn.put("maxLength", t.maxLength());
            ArrayNode fs = tn.putArray("fields");
            for (Field f : t.fields()) {
                ObjectNode fn = fs.addObject();
                fn.put("offset", f.offset());
                if (f.width() < 0) fn.putNull("width");
                else fn.put("width", f.width());
                fn.put("kind", f.kind().name());
                fn.put("endian", f.endian().name());
                fn.put("detail", f.detail());
                fn.put("support", f.support());
                fn.put("observed", f.observed());
            }
        }
        return o;
    }

    public String toText() {
        StringBuilder b = new StringBuilder();
        b.append(String.format(Locale.ROOT, "%s (%s): %d flows, %d messages", group, l4, flows, messages));
        framing.ifPresent(f -> b.append(String.format(Locale.ROOT, "; framed by a %d-byte %s length at offset %d (message = value + %d)",
                f.width(), f.endian().name().toLowerCase(Locale.ROOT), f.offset(), f.adjust())));
        b.append('\n');
        for (MessageType t : types) {
            b.append(String.format(Locale.ROOT, "  type %s: %d messages in %d flows, %d to %d bytes%n", t.name(), t.messages(), t.flows(),
                    t.minLength(), t.maxLength()));
            for (Field f : t.fields()) {
                String span = f.width() < 0 ? f.offset() + "..end" : f.offset() + "+" + f.width();
                String order = f.endian() == Endian.NONE ? "" : " " + f.endian().name().toLowerCase(Locale.ROOT) + "-endian";
                b.append(String.format(Locale.ROOT, "    %-8s %-9s%s  %s (%d of %d)%n", span, f.kind().name().toLowerCase(Locale.ROOT), order,
                        f.detail(), f.support(), f.observed()));
            }
        }
        return b.toString();
    }
}

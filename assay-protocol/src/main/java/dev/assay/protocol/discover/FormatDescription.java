package dev.assay.protocol.discover;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.assay.protocol.flow.Direction;
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
public record FormatDescription(String group, Transport l4, Optional<Framing> framing, int flows, int messages, List<MessageType> types,
                                List<Chain> chains) {
    public FormatDescription {
        Objects.requireNonNull(group, "group");
        Objects.requireNonNull(l4, "l4");
        Objects.requireNonNull(framing, "framing");
        types = List.copyOf(types);
        chains = List.copyOf(chains);
    }

    /** A description whose messages carry one unit each. */
    public FormatDescription(String group, Transport l4, Optional<Framing> framing, int flows, int messages, List<MessageType> types) {
        this(group, l4, framing, flows, messages, types, List.of());
    }

    /** The chain of units the messages of {@code m}'s direction carry, when {@code m} starts one. */
    public Optional<Chain> chainOf(Message m) {
        return chains.stream().filter(c -> c.direction() == m.direction() && c.matches(m.bytes())).findFirst();
    }

    /** The type a message follows: the type of its direction and key value, else its direction's general format. */
    public Optional<MessageType> typeOf(Message m) {
        return MessageType.select(types, m.direction(), m.bytes());
    }

    /** Where fields meet in this message by the format of its type (empty when its direction has none). */
    public int[] boundaries(Message m) {
        int[] own = typeOf(m).map(t -> t.boundaries(m.bytes())).orElse(new int[0]);
        return chainOf(m).map(c -> c.boundaries(m.bytes(), own)).orElse(own);
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
        types(o.putArray("types"), types);
        ArrayNode cs = o.putArray("chains");
        for (Chain c : chains) {
            ObjectNode cn = cs.addObject();
            cn.put("direction", c.direction().name());
            cn.put("start", c.start());
            cn.put("signature", c.signatureHex());
            cn.put("messages", c.messages());
            cn.put("compound", c.compound());
            cn.put("units", c.units());
            types(cn.putArray("types"), c.parts());
        }
        return o;
    }

    private static void types(ArrayNode ts, List<MessageType> types) {
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
            fields(tn.putArray("fields"), t.fields());
            if (t.region().isPresent()) {
                VariableRegion v = t.region().get();
                ObjectNode rn = tn.putObject("afterLabels");
                rn.put("labelsOffset", v.offset());
                fields(rn.putArray("fields"), v.after());
                if (v.records().isPresent()) {
                    VariableRegion.Records r = v.records().get();
                    ObjectNode recs = rn.putObject("records");
                    recs.put("start", r.start());
                    recs.put("fixed", r.fixed());
                    recs.put("lengthEndian", r.lengthEndian().name());
                    recs.put("support", r.support());
                    recs.put("observed", r.observed());
                    fields(recs.putArray("fields"), r.fields());
                } else {
                    rn.putNull("records");
                }
            } else {
                tn.putNull("afterLabels");
            }
        }
    }

    private static void fields(ArrayNode into, List<Field> fields) {
        for (Field f : fields) {
            ObjectNode fn = into.addObject();
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

    public String toText() {
        StringBuilder b = new StringBuilder();
        b.append(String.format(Locale.ROOT, "%s (%s): %d flows, %d messages", group, l4, flows, messages));
        framing.ifPresent(f -> b.append(String.format(Locale.ROOT, "; framed by a %d-byte %s length at offset %d (message = value + %d)",
                f.width(), f.endian().name().toLowerCase(Locale.ROOT), f.offset(), f.adjust())));
        b.append('\n');
        types(b, "  ", types);
        for (Chain c : chains) {
            b.append(String.format(Locale.ROOT, "  chain %s: units start with %s at offset %d and wherever it recurs; %d messages, %d of them "
                    + "with more than one unit, %d units%n", c.direction() == Direction.A_TO_B ? "a>b" : "b>a", c.signatureHex(), c.start(),
                    c.messages(), c.compound(), c.units()));
            types(b, "    ", c.parts());
        }
        return b.toString();
    }

    private static void types(StringBuilder b, String indent, List<MessageType> types) {
        for (MessageType t : types) {
            b.append(String.format(Locale.ROOT, "%stype %s: %d messages in %d flows, %d to %d bytes%n", indent, t.name(), t.messages(), t.flows(),
                    t.minLength(), t.maxLength()));
            text(b, indent + "  ", "", t.fields());
            t.region().ifPresent(v -> {
                text(b, indent + "  ", "labels end", v.after());
                v.records().ifPresent(r -> {
                    b.append(String.format(Locale.ROOT, "%s  records from labels end+%d to the end: label chain, %d fixed bytes, data (%d of %d messages)%n",
                            indent, r.start(), r.fixed(), r.support(), r.observed()));
                    text(b, indent + "    ", "chain end", r.fields());
                });
            });
        }
    }

    private static void text(StringBuilder b, String indent, String anchor, List<Field> fields) {
        for (Field f : fields) {
            String from = anchor.isEmpty() ? String.valueOf(f.offset()) : anchor + "+" + f.offset();
            String span = f.kind() == FieldKind.LABELS ? f.offset() + "..labels end" : f.width() < 0 ? from + "..end" : from + "+" + f.width();
            String order = f.endian() == Endian.NONE ? "" : " " + f.endian().name().toLowerCase(Locale.ROOT) + "-endian";
            b.append(String.format(Locale.ROOT, "%s%-8s %-9s%s  %s (%d of %d)%n", indent, span, f.kind().name().toLowerCase(Locale.ROOT), order,
                    f.detail(), f.support(), f.observed()));
        }
    }
}

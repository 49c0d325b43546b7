package dev.stevedore.exec;

import dev.stevedore.cache.CacheRecord;
import dev.stevedore.cache.KeyFacts;
import dev.stevedore.oci.Digest;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * Says why a step missed the cache ({@code --explain-cache}): the nearest record of the same
 * kind of step — one on the same parent state first, else the one whose parts agree most — and
 * which parts of the key differ from it, by name and digest, never by value. When only the state
 * it starts on differs, and that state is a base, what changed in the base.
 */
final class MissExplainer {

    private final Supplier<List<CacheRecord.Step>> records;
    /** The keys this build computed, by digest: the parents of its steps. */
    private final Map<Digest, KeyFacts> seen = new ConcurrentHashMap<>();
    private List<CacheRecord.Step> known;

    MissExplainer(Supplier<List<CacheRecord.Step>> records) {
        this.records = records;
    }

    /** Notes a key of this build (every step's, hit or miss), so that later misses can compare their parents. */
    void saw(CacheKey key) {
        seen.put(key.digest(), key.facts());
    }

    /** Why {@code key} missed, in one sentence without the step's name. */
    String explain(CacheKey key) {
        KeyFacts now = key.facts();
        Digest digest = key.digest();
        List<CacheRecord.Step> sameKind = known().stream()
                .filter(r -> r.facts().kind().equals(now.kind()) && !r.key().equals(digest)).toList();
        if (sameKind.isEmpty()) {
            return "no earlier build of this step";
        }
        Comparator<CacheRecord.Step> nearness = Comparator.comparingInt(r -> agreeing(now, r.facts()));
        Optional<CacheRecord.Step> sameParent = sameKind.stream()
                .filter(r -> r.facts().parent().equals(now.parent())).max(nearness);
        if (sameParent.isPresent()) {
            return differences(now, sameParent.get().facts());
        }
        KeyFacts nearest = sameKind.stream().max(nearness).orElseThrow().facts();
        Optional<KeyFacts> parentNow = now.parent().flatMap(this::facts);
        Optional<KeyFacts> parentThen = nearest.parent().flatMap(this::facts);
        if (parentNow.isPresent() && parentThen.isPresent() && parentNow.get().parent().isEmpty()
                && parentThen.get().parent().isEmpty()) {
            return "its base changed: " + differences(parentNow.get(), parentThen.get());
        }
        String own = agreeing(now, nearest) == now.parts().size() ? "" : "; and " + differences(now, nearest);
        return "an earlier step of its stage changed" + own;
    }

    private synchronized List<CacheRecord.Step> known() {
        if (known == null) {
            known = records.get();
        }
        return known;
    }

    private Optional<KeyFacts> facts(Digest key) {
        return Optional.ofNullable(seen.get(key))
                .or(() -> known().stream().filter(r -> r.key().equals(key)).map(CacheRecord.Step::facts).findFirst());
    }

    private static int agreeing(KeyFacts a, KeyFacts b) {
        return (int) a.parts().stream().filter(p -> b.part(p.name()).map(q -> q.value().equals(p.value())).orElse(false))
                .count();
    }

    /** The parts of {@code now} that differ from {@code then}, each said in words. */
    private static String differences(KeyFacts now, KeyFacts then) {
        List<String> said = new ArrayList<>();
        for (KeyFacts.Fact part : now.parts()) {
            Optional<KeyFacts.Fact> before = then.part(part.name());
            if (before.isEmpty()) {
                said.add(part.name() + " is new");
            } else if (!before.get().value().equals(part.value())) {
                said.add(sentence(part, before.get()));
            }
        }
        then.parts().stream().filter(p -> now.part(p.name()).isEmpty()).forEach(p -> said.add(p.name() + " is gone"));
        return said.isEmpty() ? "the same key under another schema" : String.join("; ", said);
    }

    private static String sentence(KeyFacts.Fact now, KeyFacts.Fact then) {
        String change = "(" + shortly(then.value()) + " → " + shortly(now.value()) + ")";
        return switch (now.name()) {
            case "sources" -> "the content of its sources changed " + change;
            case "content" -> "the content of the context changed " + change;
            case "manifest" -> "base image digest changed " + change;
            case "platform" -> "platform changed";
            case "args", "created-by", "script" -> "the instruction's text changed";
            case "env" -> {
                TreeSet<String> names = new TreeSet<>();
                now.variables().forEach((k, v) -> {
                    if (!v.equals(then.variables().get(k))) {
                        names.add(k);
                    }
                });
                then.variables().keySet().stream().filter(k -> !now.variables().containsKey(k)).forEach(names::add);
                yield names.isEmpty() ? "the order of its environment changed"
                        : (names.size() == 1 ? "build arg or environment variable " : "build args or environment variables ")
                                + String.join(", ", names) + " changed";
            }
            default -> now.name() + " changed " + change;
        };
    }

    /** {@code sha256:ab12cd34ef56…}: enough to tell two digests apart in a sentence. */
    private static String shortly(Digest d) {
        return d.algorithm() + ":" + d.hex().substring(0, 12) + "…";
    }
}

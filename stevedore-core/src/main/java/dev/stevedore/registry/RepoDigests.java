package dev.stevedore.registry;

import dev.stevedore.oci.Descriptor;
import dev.stevedore.store.Store;
import dev.stevedore.store.Tag;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Docker's {@code RepoDigests} of a local image: {@code name@digest} for each repository it came
 * from (a pull: {@link PullResult#REPO_DIGEST}) or went to (a push: {@link #PUSHED}), recorded on
 * the annotations of its tags, so they go with the tags. An image only built has none; one pushed
 * by id (no tag) records none either.
 */
public final class RepoDigests {

    /** The annotation on a pushed tag: its {@code name@digest} entries, one per repository, space-separated. */
    public static final String PUSHED = "dev.stevedore.repo.pushed";

    private RepoDigests() {}

    /**
     * The {@code name@digest} entries (full names) of tags pointing at the same image: where it was
     * pulled from, then where it was pushed; one per repository, the latest push winning.
     */
    public static List<String> of(List<Descriptor> tags) {
        Map<String, String> byName = new LinkedHashMap<>();
        for (Descriptor tag : tags) {
            Optional.ofNullable(tag.annotations().get(PullResult.REPO_DIGEST)).ifPresent(e -> put(byName, e));
        }
        for (Descriptor tag : tags) {
            entries(tag).forEach(e -> put(byName, e));
        }
        return List.copyOf(byName.values());
    }

    /**
     * Records on {@code localName}'s tag that its image went to {@code pushed}, unless the tag was
     * moved to another image meanwhile.
     */
    static void recordPush(Store store, String localName, Descriptor top, PushResult pushed) {
        Optional<Tag> tag = store.tags().find(localName);
        if (tag.isEmpty() || !tag.get().descriptor().digest().equals(top.digest())) {
            return;
        }
        Map<String, String> byName = new LinkedHashMap<>();
        entries(tag.get().descriptor()).forEach(e -> put(byName, e));
        put(byName, pushed.reference().name() + "@" + pushed.pushed().digest());
        store.tags().tag(localName, tag.get().descriptor().withAnnotation(PUSHED, String.join(" ", byName.values())));
    }

    private static List<String> entries(Descriptor tag) {
        String pushed = tag.annotations().getOrDefault(PUSHED, "");
        return pushed.isBlank() ? List.of() : new ArrayList<>(Arrays.asList(pushed.strip().split(" +")));
    }

    private static void put(Map<String, String> byName, String entry) {
        int at = entry.lastIndexOf('@');
        if (at > 0) {
            byName.remove(entry.substring(0, at));
            byName.put(entry.substring(0, at), entry);
        }
    }
}

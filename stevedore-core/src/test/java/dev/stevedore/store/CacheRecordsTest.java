package dev.stevedore.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stevedore.oci.Digest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CacheRecordsTest {

    private static final Digest KEY = Digest.sha256("key".getBytes(StandardCharsets.UTF_8));
    private static final Digest KEY2 = Digest.sha256("key2".getBytes(StandardCharsets.UTF_8));
    private static final Digest A = Digest.sha256("a".getBytes(StandardCharsets.UTF_8));
    private static final Digest B = Digest.sha256("b".getBytes(StandardCharsets.UTF_8));

    @TempDir
    Path root;

    private CacheRecords cache;

    @BeforeEach
    void open() {
        cache = Store.open(root).cache();
    }

    @Test
    void putGetListRemove() {
        byte[] json = "{\"layer\":1}".getBytes(StandardCharsets.UTF_8);
        cache.putRecord(KEY, json, List.of(B, A));
        cache.putRecord(KEY2, "{}".getBytes(StandardCharsets.UTF_8));

        assertThat(cache.getRecord(KEY)).hasValueSatisfying(v -> assertThat(v).isEqualTo(json));
        assertThat(cache.references(KEY)).containsExactlyInAnyOrder(A, B);
        assertThat(cache.references(KEY2)).isEmpty();
        assertThat(cache.listRecords()).containsExactlyInAnyOrder(KEY, KEY2);
        assertThat(root.resolve("cache/sha256/" + KEY.hex() + ".json")).hasContent("{\"layer\":1}");
        assertThat(root.resolve("cache/sha256/" + KEY.hex() + ".refs")).as("sorted by digest").hasContent(B + "\n" + A);

        assertThat(cache.removeRecord(KEY)).isTrue();
        assertThat(cache.removeRecord(KEY)).isFalse();
        assertThat(cache.getRecord(KEY)).isEmpty();
        assertThat(cache.references(KEY)).isEmpty();
        assertThat(cache.listRecords()).containsExactly(KEY2);
    }

    @Test
    void replacingARecordReplacesItsReferences() {
        cache.putRecord(KEY, new byte[] {'1'}, Set.of(A));
        cache.putRecord(KEY, new byte[] {'2'}, Set.of(B));

        assertThat(cache.getRecord(KEY)).hasValueSatisfying(v -> assertThat(v).containsExactly('2'));
        assertThat(cache.allReferences()).containsExactly(B);
    }

    @Test
    void callerMutatingItsArrayDoesNotChangeTheRecord() {
        byte[] json = {'x'};
        cache.putRecord(KEY, json);
        json[0] = 'y';
        assertThat(cache.getRecord(KEY)).hasValueSatisfying(v -> assertThat(v).containsExactly('x'));
    }
}

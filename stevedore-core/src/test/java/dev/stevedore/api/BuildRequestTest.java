package dev.stevedore.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class BuildRequestTest {

    /** {@code toBuilder} is the library's way to derive a request from another: it loses nothing. */
    @Test
    void toBuilderKeepsEveryValue() {
        BuildRequest request = BuildRequest.builder(Path.of("/ctx"))
                .dockerfile(Path.of("/ctx/Dockerfile.ci")).tags(List.of("app:1", "app:latest"))
                .buildArgs(Map.of("A", "1")).labels(Map.of("l", "v")).target("runtime")
                .platform("linux/amd64").noCache(true).noCacheFilter(Set.of("builder")).jobs(3)
                .storeRoot(Path.of("/store")).runtime(Path.of("/usr/bin/crun")).iidFile(Path.of("/tmp/iid"))
                .metadataFile(Path.of("/tmp/meta.json")).buildContexts(List.of("base=docker-image://alpine"))
                .build();
        assertThat(request.toBuilder().build()).isEqualTo(request);
        BuildRequest remote = BuildRequest.builder("https://example.com/repo.git#main").build();
        assertThat(remote.toBuilder().build()).isEqualTo(remote);
    }
}

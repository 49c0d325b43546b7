package dev.stevedore.oci;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.stevedore.diag.InvalidInputException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class MediaTypeTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            application/vnd.oci.image.manifest.v1+json                        | manifest
            application/vnd.docker.distribution.manifest.v2+json              | manifest
            application/vnd.oci.image.index.v1+json                           | index
            application/vnd.docker.distribution.manifest.list.v2+json         | index
            application/vnd.oci.image.config.v1+json                          | config
            application/vnd.docker.container.image.v1+json                    | config
            application/vnd.oci.image.layer.v1.tar                            | layer
            application/vnd.oci.image.layer.v1.tar+gzip                       | layer
            application/vnd.oci.image.layer.v1.tar+zstd                       | layer
            application/vnd.oci.image.layer.nondistributable.v1.tar+gzip      | layer
            application/vnd.docker.image.rootfs.diff.tar                      | layer
            application/vnd.docker.image.rootfs.diff.tar.gzip                 | layer
            application/vnd.docker.image.rootfs.diff.tar.zstd                 | layer
            application/vnd.docker.image.rootfs.foreign.diff.tar.gzip         | layer
            application/vnd.docker.distribution.manifest.v1+prettyjws         | schema1
            application/vnd.in-toto+json                                      | other
            application/octet-stream                                          | other
            """)
    void classifies(String mediaType, String kind) {
        assertThat(MediaType.isManifest(mediaType)).isEqualTo(kind.equals("manifest"));
        assertThat(MediaType.isIndex(mediaType)).isEqualTo(kind.equals("index"));
        assertThat(MediaType.isSchema1(mediaType)).isEqualTo(kind.equals("schema1"));
        assertThat(MediaType.isDocker(mediaType)).isEqualTo(mediaType.startsWith("application/vnd.docker"));
    }

    @Test
    void descriptorsRefuseNegativeSizesAsBadInput() {
        Digest d = Digest.sha256(new byte[0]);
        assertThatThrownBy(() -> new Descriptor(MediaType.OCI_LAYER, d, -1))
                .isInstanceOf(InvalidInputException.class)
                .hasMessage("descriptor of " + d + " has a negative size -1");
        Descriptor of = Descriptor.of(MediaType.OCI_EMPTY, "{}".getBytes());
        assertThat(of.size()).isEqualTo(2);
        assertThat(of.digest()).hasToString(
                "sha256:44136fa355b3678a1146ad16f7e8649e94fb4fc21fe77e8310c060f61caaff8a");
        assertThat(of.urls()).isEmpty();
        assertThat(of.artifactType()).isEmpty();
    }

    @Test
    void manifestsCheckTheirMediaType() {
        Descriptor config = new Descriptor(MediaType.OCI_CONFIG, Digest.sha256(new byte[0]), 0);
        assertThatThrownBy(() -> new ImageManifest(2, MediaType.OCI_INDEX, Optional.empty(), config, List.of(),
                Optional.empty(), Map.of()))
                .isInstanceOf(InvalidInputException.class)
                .hasMessage("\"application/vnd.oci.image.index.v1+json\" is not an image manifest media type");
        assertThatThrownBy(() -> new ImageIndex(2, MediaType.OCI_MANIFEST, Optional.empty(), List.of(),
                Optional.empty(), Map.of()))
                .isInstanceOf(InvalidInputException.class)
                .hasMessage("\"application/vnd.oci.image.manifest.v1+json\" is not an image index media type");
    }
}

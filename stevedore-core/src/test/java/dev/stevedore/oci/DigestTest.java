package dev.stevedore.oci;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.stevedore.diag.InvalidInputException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class DigestTest {

    private static final String H64 = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";

    @Test
    void computesSha256AndSha512OverBytes() {
        byte[] empty = new byte[0];
        assertThat(Digest.sha256(empty)).hasToString("sha256:" + H64);
        assertThat(Digest.sha512("abc".getBytes(StandardCharsets.US_ASCII)).hex())
                .startsWith("ddaf35a193617aba").hasSize(128);
        assertThat(Digest.parse("sha256:" + H64).matches(empty)).isTrue();
        assertThat(Digest.parse("sha256:" + H64).matches(new byte[1])).isFalse();
        assertThat(Digest.parse("sha256:" + H64).shortHex()).isEqualTo("e3b0c44298fc");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '\'', textBlock = """
            sha256:e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855 | ok
            sha512:cf83e1357eefb8bdf1542850d66d8007d620e4050b5715dc83f4a921d36ce9ce47d0d13c5d85f2b0ff8318d2877eec2f63b931bd47417a81a538327af927da3e | ok
            sha256:E3B0C44298FC1C149AFBF4C8996FB92427AE41E4649B934CA495991B7852B855 | sha256 needs 64 lower-case hex characters
            sha256:e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b85  | sha256 needs 64 lower-case hex characters
            sha256:e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b8555 | sha256 needs 64 lower-case hex characters
            sha256:g3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855 | sha256 needs 64 lower-case hex characters
            sha512:e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855 | sha512 needs 128 lower-case hex characters
            sha384:abc                                                              | unsupported algorithm "sha384"
            md5:d41d8cd98f00b204e9800998ecf8427e                                    | unsupported algorithm "md5"
            e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855        | expected algorithm:hex
            :abc                                                                    | expected algorithm:hex
            ''                                                                      | expected algorithm:hex
            sha256:                                                                 | sha256 needs 64
            """)
    void validates(String text, String expected) {
        if (expected.equals("ok")) {
            assertThat(Digest.parse(text)).hasToString(text);
            assertThat(Digest.isValid(text)).isTrue();
        } else {
            assertThat(Digest.isValid(text)).isFalse();
            assertThatThrownBy(() -> Digest.parse(text))
                    .isInstanceOf(InvalidInputException.class)
                    .hasMessageStartingWith("invalid digest \"" + text + "\"")
                    .hasMessageContaining(expected);
        }
    }

    @Test
    void ordersByText() {
        Digest a = Digest.sha256(new byte[] {1});
        Digest b = Digest.sha256(new byte[] {2});
        assertThat(a.compareTo(b)).isEqualTo(a.toString().compareTo(b.toString()));
    }
}

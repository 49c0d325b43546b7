package dev.stevedore.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.stevedore.diag.UnauthorizedException;
import dev.stevedore.oci.Descriptor;
import dev.stevedore.oci.ImageReference;
import dev.stevedore.store.Store;
import dev.stevedore.testing.TestRegistry;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Basic and Bearer token auth against real registries; no message ever holds the password. */
class AuthTest {

    static final String USER = "alice";
    static final String PASSWORD = "s3cret-Pa55word";

    @TempDir
    Path tmp;

    private static RegistryOptions as(String user, String password) {
        return RegistryOptions.defaults().withCredentials(r -> Optional.of(Credentials.of(user, password)));
    }

    @Test
    void basicAuthPushesAndPullsWithCredentialsAndRefusesWithout() {
        try (TestRegistry registry = TestRegistry.startBasic(USER, PASSWORD)) {
            roundTrip(registry);
            ImageReference ref = ImageReference.parse(registry.host() + "/auth/app:1");
            try (RegistryClient anonymous = new RegistryClient(RegistryOptions.defaults())) {
                assertThatThrownBy(() -> anonymous.pull(ref, PullPushTest.AMD64, Store.open(tmp.resolve("x"))))
                        .isInstanceOf(UnauthorizedException.class)
                        .hasMessage("pull " + ref + ": repository not found or access denied (UNAUTHORIZED)");
            }
            try (RegistryClient wrong = new RegistryClient(as(USER, "wrong-" + PASSWORD))) {
                assertThatThrownBy(() -> wrong.pull(ref, PullPushTest.AMD64, Store.open(tmp.resolve("y"))))
                        .isInstanceOf(UnauthorizedException.class)
                        .hasMessageNotContaining(PASSWORD);
            }
            RegistryClient.checkLogin(registry.host(), Credentials.of(USER, PASSWORD), RegistryOptions.defaults());
            assertThatThrownBy(() -> RegistryClient.checkLogin(registry.host(), Credentials.of(USER, "nope" + PASSWORD),
                    RegistryOptions.defaults()))
                    .isInstanceOf(UnauthorizedException.class)
                    .hasMessage("login " + registry.host() + ": the registry refused the credentials of user \"alice\""
                            + " (UNAUTHORIZED)")
                    .hasMessageNotContaining(PASSWORD);
        }
    }

    @Test
    void tokenAuthFetchesATokenPerScopeAndCachesIt() {
        try (TestRegistry registry = TestRegistry.startToken(USER, PASSWORD)) {
            roundTrip(registry);
            // One token per scope: the push's, then the pull's; not one per request.
            assertThat(registry.issuer().requests()).hasSizeLessThanOrEqualTo(3)
                    .anyMatch(q -> q.contains("scope=repository%3Aauth%2Fapp%3Apull%2Cpush"))
                    .allMatch(q -> q.contains("service=" + TestRegistry.SERVICE));
            ImageReference ref = ImageReference.parse(registry.host() + "/auth/app:1");
            try (RegistryClient anonymous = new RegistryClient(RegistryOptions.defaults())) {
                assertThatThrownBy(() -> anonymous.pull(ref, PullPushTest.AMD64, Store.open(tmp.resolve("x"))))
                        .isInstanceOf(UnauthorizedException.class)
                        .hasMessage("pull " + ref + ": repository not found or access denied (UNAUTHORIZED)");
            }
            try (RegistryClient wrong = new RegistryClient(as(USER, "wrong-" + PASSWORD))) {
                assertThatThrownBy(() -> wrong.pull(ref, PullPushTest.AMD64, Store.open(tmp.resolve("y"))))
                        .isInstanceOf(UnauthorizedException.class)
                        .hasMessageContaining("refused the credentials of user \"alice\"")
                        .hasMessageNotContaining(PASSWORD);
            }
        }
    }

    private void roundTrip(TestRegistry registry) {
        Store local = Store.open(tmp.resolve("local"));
        Descriptor image = TestImages.image(local, PullPushTest.AMD64, 11, 4000);
        local.tags().tag("auth:1", image);
        ImageReference ref = ImageReference.parse(registry.host() + "/auth/app:1");
        try (RegistryClient client = new RegistryClient(as(USER, PASSWORD))) {
            assertThat(client.push(local, "auth:1", ref).pushed().digest()).isEqualTo(image.digest());
            PullResult pulled = client.pull(ref, PullPushTest.AMD64, Store.open(tmp.resolve("other")));
            assertThat(pulled.manifest().digest()).isEqualTo(image.digest());
        }
    }

    @Test
    void credentialsNeverPrint() {
        assertThat(Credentials.of(USER, PASSWORD).toString()).doesNotContain(PASSWORD).contains(USER);
        assertThat(new Credentials("<token>", "", Optional.of("tok-" + PASSWORD)).toString()).doesNotContain(PASSWORD);
    }
}

package dev.stevedore.maven;

import dev.stevedore.api.Distribution;
import dev.stevedore.api.PushedImage;
import dev.stevedore.api.images.Images;
import dev.stevedore.diag.StevedoreException;
import java.util.Optional;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugins.annotations.LifecyclePhase;
import org.apache.maven.plugins.annotations.Mojo;

/**
 * {@code stevedore:push}: pushes the image's tags, built by {@code stevedore:build}, to their
 * registries, with credentials from {@code settings.xml} servers named after the registry host,
 * then from Docker's config ({@code ~/.docker/config.json}, its credential helpers) as
 * {@code stevedore push} finds them. Bound to {@code deploy}.
 */
@Mojo(name = "push", defaultPhase = LifecyclePhase.DEPLOY, threadSafe = true)
public final class PushMojo extends StevedoreMojo {

    @Override
    public void execute() throws MojoFailureException {
        if (skipped()) {
            return;
        }
        try {
            Distribution distribution = distribution();
            Images images = Images.open(Optional.empty());
            for (String tag : tagsOrDefault()) {
                getLog().info("pushing " + tag);
                PushedImage pushed = images.push(tag, Optional.empty(), distribution);
                getLog().info("pushed " + pushed.reference() + "@" + pushed.pushed().digest());
            }
        } catch (StevedoreException e) {
            throw new MojoFailureException("failed to push: " + e.getMessage(), e);
        }
    }
}

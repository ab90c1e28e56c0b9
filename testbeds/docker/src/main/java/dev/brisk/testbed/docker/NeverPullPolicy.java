package dev.brisk.testbed.docker;

import org.testcontainers.images.ImagePullPolicy;
import org.testcontainers.utility.DockerImageName;

/**
 * Never contacts a registry (testcontainers.properties names it): the images must exist in the local engine, so a
 * missing one fails in seconds with its name instead of retrying a pull for minutes.
 */
public final class NeverPullPolicy implements ImagePullPolicy {
    @Override
    public boolean shouldPull(DockerImageName imageName) {
        return false;
    }

    @Override
    public String toString() {
        return "NeverPullPolicy";
    }
}

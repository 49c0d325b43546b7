/**
 * The multi-stage report: what each stage of a build weighed, what the final image is made of
 * layer by layer, what multi-stage kept out of it, and what should not be in it (files a later
 * layer rewrote unchanged, build tools and their caches, files and env that look like secrets).
 * Layers are read from the store with {@link dev.stevedore.archive.TarReader}; nothing here prints.
 *
 * <p>Sizes: a layer's {@code size} is the sum of the sizes of the regular files it holds (what
 * Docker counts for {@code docker history} and the classic {@code docker images}); its
 * {@code compressed} size is its blob's. A stage's or an image's size is the sum over its layers.
 */
package dev.stevedore.report;

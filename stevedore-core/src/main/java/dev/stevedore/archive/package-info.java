/**
 * Compressed streams and tar framing, below everything that reads archives (the build context,
 * layers, {@code ADD}'s local archives, image archives): {@link
 * dev.stevedore.archive.StreamCompression} recognizes a compression by its first bytes, as moby
 * does, and decompresses with errors that blame the input; {@link
 * dev.stevedore.archive.TarHeaders} says whether a stream starts as a tar does; {@link
 * dev.stevedore.archive.TarReader} and {@link dev.stevedore.archive.TarWriter} are the one tar
 * codec (members as {@link dev.stevedore.archive.TarEntry}): every tar the project reads or
 * writes goes through them.
 */
package dev.stevedore.archive;

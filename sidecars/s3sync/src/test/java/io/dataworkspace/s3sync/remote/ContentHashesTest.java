package io.dataworkspace.s3sync.remote;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ContentHashesTest {
    @Test
    void shouldComputeSinglePartAndMultipartEtags(@TempDir Path dir) throws Exception {
        Path f = Files.writeString(dir.resolve("f"), "hello");
        assertThat(ContentHashes.md5Hex(f)).isEqualTo("5d41402abc4b2a76b9719d911017c592");
        assertThat(ContentHashes.matchesEtag(f, "5d41402abc4b2a76b9719d911017c592", 5)).isTrue();
        assertThat(ContentHashes.matchesEtag(f, "00000000000000000000000000000000", 5)).isFalse();
        // two parts "hel" + "lo": md5(md5("hel") || md5("lo")) with the part count
        String mp = ContentHashes.multipartEtag(f, 3);
        assertThat(mp).endsWith("-2");
        assertThat(ContentHashes.matchesEtag(f, mp, 3)).isTrue();
        assertThat(ContentHashes.matchesEtag(f, mp, 4)).isFalse();
        assertThat(ContentHashes.matchesEtag(f, "garbage-x", 3)).isFalse();
    }

    @Test
    void shouldKnowWhichKeysAreSafeLocalPaths() {
        assertThat(RemotePaths.valid("a/b.txt")).isTrue();
        assertThat(RemotePaths.valid("dir/")).isTrue();
        assertThat(RemotePaths.valid("../x")).isFalse();
        assertThat(RemotePaths.valid("a/../../x")).isFalse();
        assertThat(RemotePaths.valid("/abs")).isFalse();
        assertThat(RemotePaths.valid("a//b")).isFalse();
        assertThat(RemotePaths.valid("")).isFalse();
        assertThat(RemotePaths.valid("a/./b")).isFalse();
    }
}

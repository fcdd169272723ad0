package io.dataworkspace.proxy.web.files;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class HomeKeysTest {
    private static final String ME = "abc123";

    @Test
    void shouldAcceptKeysInsideTheCallersHome() {
        assertThat(HomeKeys.file(ME, "user/abc123/a.csv")).isEqualTo("user/abc123/a.csv");
        assertThat(HomeKeys.file(ME, "user/abc123/deep/er/résumé 2024.pdf")).endsWith("2024.pdf");
        assertThat(HomeKeys.folder(ME, "user/abc123/")).isEqualTo("user/abc123/");
        assertThat(HomeKeys.folder(ME, "user/abc123/reports/")).isEqualTo("user/abc123/reports/");
        assertThat(HomeKeys.entry(ME, "user/abc123/reports/")).isEqualTo("user/abc123/reports/");
        assertThat(HomeKeys.file(ME, "user/abc123/..hidden")).isEqualTo("user/abc123/..hidden");
    }

    @Test
    void shouldRefuseAnotherUsersPrefixAndPrefixLookalikes() {
        for (String key : new String[] {"user/other/a.csv", "user/abc1234/a.csv", "user/abc12/a.csv",
                "datasets/trade/a.csv", "/user/abc123/a.csv", "user/abc123", "USER/abc123/a.csv"}) {
            assertThatThrownBy(() -> HomeKeys.file(ME, key)).as(key).isInstanceOf(FilesException.class)
                    .satisfies(e -> assertThat(((FilesException) e).status()).isEqualTo(400));
        }
    }

    @Test
    void shouldRefuseDotSegmentsEmptySegmentsAndControlCharacters() {
        for (String key : new String[] {"user/abc123/../other/a.csv", "user/abc123/./a.csv", "user/abc123//a.csv",
                "user/abc123/a/../../x", "user/abc123/..", "user/abc123/a\\b", "user/abc123/a\nb",
                "user/abc123/a\u0000b", "", "user/abc123/" + "x".repeat(1100)}) {
            assertThatThrownBy(() -> HomeKeys.file(ME, key)).as(key).isInstanceOf(FilesException.class)
                    .satisfies(e -> assertThat(((FilesException) e).status()).isEqualTo(400));
        }
        assertThatThrownBy(() -> HomeKeys.file(ME, null)).isInstanceOf(FilesException.class);
        assertThatThrownBy(() -> HomeKeys.folder(ME, "user/abc123/../")).isInstanceOf(FilesException.class);
    }

    @Test
    void shouldTellFilesFromFoldersAndProtectTheHomeItself() {
        assertThatThrownBy(() -> HomeKeys.file(ME, "user/abc123/reports/")).hasMessageContaining("is a folder");
        assertThatThrownBy(() -> HomeKeys.folder(ME, "user/abc123/a.csv")).hasMessageContaining("must end with /");
        assertThatThrownBy(() -> HomeKeys.entry(ME, "user/abc123/")).hasMessageContaining("cannot be removed");
    }

    @Test
    void shouldNameTheLastSegment() {
        assertThat(HomeKeys.name("user/abc123/reports/")).isEqualTo("reports");
        assertThat(HomeKeys.name("user/abc123/reports/a.csv")).isEqualTo("a.csv");
    }

    @Test
    void shouldGrowPartsOnlyForFilesBeyondTenThousandParts() {
        long min = 8L << 20;
        assertThat(UploadPlan.partSize(17L << 20, min)).isEqualTo(min);
        long huge = 200L << 30;
        long part = UploadPlan.partSize(huge, min);
        assertThat(part).isGreaterThan(min);
        assertThat((huge + part - 1) / part).isLessThanOrEqualTo(UploadPlan.MAX_PARTS);
        assertThat(part % (1L << 20)).isZero();
    }

    @Test
    void shouldOfferAnAsciiAndAnExactNameForDownloads() {
        assertThat(FileStore.contentDisposition("résumé \"v2\".pdf")).isEqualTo(
                "attachment; filename=\"r_sum_ _v2_.pdf\"; filename*=UTF-8''r%C3%A9sum%C3%A9%20%22v2%22.pdf");
    }
}

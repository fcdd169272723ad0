import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * Close-to-visible probe: writes and closes a file in the synced folder, then polls HEAD on its key
 * every 5 ms until it exists. Usage: java -cp CP Latency.java DIR ENDPOINT BUCKET PREFIX COUNT
 */
public class Latency {
    public static void main(String[] a) throws Exception {
        Path dir = Path.of(a[0]);
        String bucket = a[2];
        String prefix = a[3];
        int count = Integer.parseInt(a[4]);
        try (S3Client s3 = S3Client.builder().endpointOverride(URI.create(a[1])).region(Region.US_EAST_1)
                .forcePathStyle(true).credentialsProvider(StaticCredentialsProvider.create(
                        AwsBasicCredentials.create(System.getenv("AWS_ACCESS_KEY_ID"), System.getenv("AWS_SECRET_ACCESS_KEY"))))
                .build()) {
            Files.createDirectories(dir.resolve("latency"));
            List<Double> ms = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                String rel = "latency/probe-" + i + ".txt";
                Files.writeString(dir.resolve(rel), "probe " + i + " " + System.nanoTime()); // open, write, close
                long t0 = System.nanoTime();
                long deadline = t0 + Duration.ofSeconds(30).toNanos();
                while (true) {
                    try {
                        s3.headObject(b -> b.bucket(bucket).key(prefix + rel));
                        break;
                    } catch (NoSuchKeyException e) {
                        // not yet
                    } catch (S3Exception e) {
                        if (e.statusCode() != 404) {
                            throw e;
                        }
                    }
                    if (System.nanoTime() > deadline) {
                        throw new IllegalStateException(rel + " not visible after 30 s");
                    }
                    Thread.sleep(5);
                }
                ms.add((System.nanoTime() - t0) / 1e6);
                Thread.sleep(100); // spacing between probes
            }
            Collections.sort(ms);
            System.out.printf("latency_ms count=%d p50=%.0f p90=%.0f max=%.0f%n", ms.size(), pct(ms, 50), pct(ms, 90),
                    ms.get(ms.size() - 1));
        }
    }

    static double pct(List<Double> sorted, int p) {
        return sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(p / 100.0 * sorted.size()) - 1));
    }
}

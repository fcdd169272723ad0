package io.dataworkspace.deploy.aws.platform;

import io.dataworkspace.deploy.aws.config.ImageSource;
import java.util.HashMap;
import java.util.Map;
import software.amazon.awscdk.services.ecr.IRepository;
import software.amazon.awscdk.services.ecr.Repository;
import software.amazon.awscdk.services.ecs.ContainerImage;
import software.constructs.Construct;

/**
 * Turns configured {@link ImageSource}s into ECS container images. Images in this account's ECR become
 * {@code <account>.dkr.ecr.<region>.amazonaws.com/<repository>:<tag>} and their pull permission is granted to the
 * task's execution role (scoped to the repository); other references are pulled as written.
 */
final class Images extends Construct {
    private final Map<String, IRepository> repositories = new HashMap<>();

    Images(Construct scope, String id) {
        super(scope, id);
    }

    ContainerImage image(ImageSource source) {
        if (source instanceof ImageSource.Ecr ecr) {
            return ContainerImage.fromEcrRepository(repository(ecr.repository()), ecr.tag());
        }
        return ContainerImage.fromRegistry(((ImageSource.Registry) source).reference());
    }

    private IRepository repository(String name) {
        return repositories.computeIfAbsent(name, n -> Repository.fromRepositoryName(this,
                "Repo" + repositories.size(), n));
    }
}

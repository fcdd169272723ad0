package io.dataworkspace.deploy.aws.support;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * Resolves {@link SynthesizedDeployment} parameters (typically of a static {@code @BeforeAll} method), synthesizing
 * each variant once per test run and sharing it between test classes through the root store. A parameter annotated
 * {@link VpcOnly} gets the vpc-only variant; otherwise the internet-facing one.
 */
public final class SynthesizedDeploymentExtension implements ParameterResolver {

    /** Selects the vpc-only variant. */
    @Retention(RetentionPolicy.RUNTIME)
    @Target(ElementType.PARAMETER)
    public @interface VpcOnly {
    }

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext extension) {
        return parameter.getParameter().getType() == SynthesizedDeployment.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext extension) {
        boolean vpcOnly = parameter.isAnnotated(VpcOnly.class);
        ExtensionContext.Store store = extension.getRoot()
                .getStore(ExtensionContext.Namespace.create(SynthesizedDeploymentExtension.class));
        return store.getOrComputeIfAbsent(vpcOnly ? "vpc-only" : "internet-facing",
                key -> SynthesizedDeployment.synthesize(vpcOnly
                        ? SynthesizedDeployment.vpcOnlyContext()
                        : SynthesizedDeployment.internetFacingContext()),
                SynthesizedDeployment.class);
    }
}

package dev.shardline.sandbox;

import java.nio.file.Path;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * Starts the cluster a {@link WithSandbox} class asks for and resolves {@link SandboxCluster}
 * parameters. Shared clusters live in the root store (closed when the test run ends); dedicated
 * ones in the class's store (closed after the class).
 *
 * <p>Thread safety: JUnit's stores serialise {@code getOrComputeIfAbsent}, so parallel classes
 * asking for one shape get one cluster.
 */
public final class SandboxExtension implements BeforeAllCallback, ParameterResolver {
  private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(SandboxExtension.class);

  @Override
  public void beforeAll(ExtensionContext context) {
    cluster(context);
  }

  @Override
  public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
    return parameter.getParameter().getType() == SandboxCluster.class;
  }

  @Override
  public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
    return cluster(context);
  }

  private static SandboxCluster cluster(ExtensionContext context) {
    Class<?> testClass = context.getRequiredTestClass();
    WithSandbox shape = testClass.getAnnotation(WithSandbox.class);
    if (shape == null) {
      throw new SandboxException(testClass.getName() + " uses SandboxExtension without @WithSandbox");
    }
    if (shape.vips()) {
      Assumptions.assumeTrue(
          HaproxyVips.binary().isPresent(),
          "skipped: this test needs HAProxy VIPs and haproxy is not installed (apt-get install -y haproxy)");
    }
    String key =
        "n" + shape.nodes() + "-r" + shape.replicasPerNode() + (shape.passiveMasters() ? "-p" : "")
            + (shape.vips() ? "-vips" : "") + (shape.dedicated() ? "-" + testClass.getSimpleName() : "");
    ExtensionContext owner = shape.dedicated() ? classContext(context) : context.getRoot();
    return owner
        .getStore(NAMESPACE)
        .computeIfAbsent(key, k -> new StoredCluster(start(shape, k)), StoredCluster.class)
        .cluster();
  }

  private static ExtensionContext classContext(ExtensionContext context) {
    ExtensionContext current = context;
    while (current.getTestMethod().isPresent() && current.getParent().isPresent()) {
      current = current.getParent().get();
    }
    return current;
  }

  private static SandboxCluster start(WithSandbox shape, String key) {
    return SandboxCluster.builder()
        .nodes(shape.nodes())
        .replicasPerNode(shape.replicasPerNode())
        .passiveMasters(shape.passiveMasters())
        .vips(shape.vips())
        .dataRoot(Path.of("target", "shardline-sandbox", key))
        .start();
  }

  /** Closes its cluster when JUnit closes the store that holds it (JUnit closes AutoCloseable values). */
  private record StoredCluster(SandboxCluster cluster) implements AutoCloseable {
    @Override
    public void close() {
      cluster.close();
    }
  }
}

package dev.shardline.sandbox;

import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Gives a test class a running {@link SandboxCluster}, injected as a constructor, lifecycle-method
 * or test-method parameter.
 *
 * <p>Classes asking for the same shape share one cluster for the whole test run, torn down when
 * the run ends. A class that kills, stops or promotes servers should ask for a {@link #dedicated()}
 * cluster, which is started for it alone and stopped after its last test.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Inherited
@ExtendWith(SandboxExtension.class)
public @interface WithSandbox {
  int nodes() default 2;

  int replicasPerNode() default 1;

  boolean passiveMasters() default true;

  /** HAProxy VIPs in front of every node; the class is skipped where haproxy is not installed. */
  boolean vips() default false;

  /** A cluster of this class's own instead of the shared one of the same shape. */
  boolean dedicated() default false;
}

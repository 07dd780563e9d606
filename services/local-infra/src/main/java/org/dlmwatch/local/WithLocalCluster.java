package org.dlmwatch.local;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Runs the annotated test class against the one {@link LocalCluster} of this test run (started on
 * first use, stopped at the end of the run); same as {@code @ExtendWith(LocalClusterExtension.class)}.
 * Declare a {@link LocalCluster} parameter on a test method, constructor or lifecycle method to get it.
 */
@Target({ElementType.TYPE, ElementType.ANNOTATION_TYPE})
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Inherited
@ExtendWith(LocalClusterExtension.class)
public @interface WithLocalCluster {
}

package io.dnwerks.common.validation;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The request field a cross-field check ({@code @AssertTrue boolean isMessageContentLongEnough()})
 * is about: Bean Validation names the violation after the method ("messageContentLongEnough"), which
 * no client can match to its form; the problem's {@code errors[].field} says this name instead.
 */
@Target(ElementType.METHOD)
@Retention(RetentionPolicy.RUNTIME)
public @interface ReportedAs {
    String value();
}

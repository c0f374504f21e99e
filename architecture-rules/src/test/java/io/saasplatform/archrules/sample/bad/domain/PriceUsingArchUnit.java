package io.saasplatform.archrules.sample.bad.domain;

import com.tngtech.archunit.core.domain.JavaClass;

/** Planted: the domain uses a library. */
public final class PriceUsingArchUnit {
    public String name(JavaClass javaClass) {
        return javaClass.getName();
    }
}

package io.saasplatform.adapter.persistence.planted.generated.tables;

import io.saasplatform.adapter.persistence.planted.generated.Keys;

/** Planted shape (test code, never production): a generated table referring back to the generated keys. */
public class Tenants {
    Keys keys;
}

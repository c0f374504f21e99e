package io.saasplatform.adapter.persistence.planted.generated;

import io.saasplatform.adapter.persistence.planted.generated.tables.Tenants;

/** Planted shape (test code, never production): jOOQ-generated code is cyclic between its packages. */
public class Keys {
    Tenants tenants;
}

/** Annotated sample: driven adapters, annotated on the package. */
@SecondaryAdapter
package io.saasplatform.archrules.sample.annotated.good.store;

import org.jmolecules.architecture.hexagonal.SecondaryAdapter;

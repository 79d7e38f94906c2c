/** In-process text embeddings: models that ship inside the jar and need no network. */
package dev.assay.models.embed;

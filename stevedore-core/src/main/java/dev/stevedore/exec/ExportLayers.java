package dev.stevedore.exec;

import dev.stevedore.cache.CacheRecord;
import dev.stevedore.oci.LayerCompression;
import dev.stevedore.layer.LayerForms;
import dev.stevedore.store.Lease;
import dev.stevedore.store.Store;
import java.util.List;

/**
 * A build's layers as they leave the machine: the store keeps them uncompressed, and an image that
 * is pushed or exported, and a cache that is exported, carry them compressed ({@link LayerForms}:
 * made once per layer and compression). The diffIDs, and so the image's config and id, stay as they are.
 */
record ExportLayers(Store store, Lease lease, LayerCompression compression) {

    LayerRef layer(LayerRef layer) {
        return new LayerRef(LayerForms.as(store, lease, layer.blob(), compression), layer.diffId());
    }

    /** {@code records} with their layers in this compression (the layers a shared cache names). */
    List<CacheRecord> records(List<CacheRecord> records) {
        return records.stream().map(this::record).toList();
    }

    private CacheRecord record(CacheRecord record) {
        return switch (record) {
            case CacheRecord.Step s -> new CacheRecord.Step(s.key(), s.facts(), s.created(), s.layer().map(l ->
                    new CacheRecord.Layer(LayerForms.as(store, lease, l.blob(), compression), l.diffId())));
            case CacheRecord.Selection s -> s;
            case CacheRecord.Mount m -> m; // written compressed for the export (SharedCacheMounts)
        };
    }
}

package dev.assay.ranking.harvest;

import dev.assay.core.progress.Progress;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import org.apache.lucene.codecs.KnnVectorsFormat;
import org.apache.lucene.codecs.lucene103.Lucene103Codec;
import org.apache.lucene.codecs.lucene99.Lucene99HnswVectorsFormat;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.KnnFloatVectorField;
import org.apache.lucene.document.NumericDocValuesField;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.index.LeafReader;
import org.apache.lucene.index.LogDocMergePolicy;
import org.apache.lucene.index.NumericDocValues;
import org.apache.lucene.index.SerialMergeScheduler;
import org.apache.lucene.index.VectorSimilarityFunction;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.KnnFloatVectorQuery;
import org.apache.lucene.search.ScoreDoc;
import org.apache.lucene.search.TopDocs;
import org.apache.lucene.store.Directory;
import org.apache.lucene.store.FSDirectory;

/**
 * A single-segment Lucene HNSW index of unit vectors (dot product), built single-threaded with a
 * serial merge scheduler, so the graph is the same on every build (Lucene draws node levels from a
 * fixed seed).
 */
public final class HnswIndex implements AutoCloseable {
    static final String FIELD = "v";
    static final String ORDINAL = "ord";
    /** Documents added between two progress steps of a build. */
    static final int PROGRESS_BATCH = 1024;

    private final Directory directory;

    private HnswIndex(Directory directory) {
        this.directory = directory;
    }

    /** Writes {@code documents} (ordinal = row) into a new index at {@code dir}. */
    public static HnswIndex build(Path dir, float[][] documents, HnswParams params) {
        return build(dir, documents, params, Progress.Task.none());
    }

    /** As {@link #build(Path, float[][], HnswParams)}, stepping {@code progress} by every {@value #PROGRESS_BATCH} documents added. */
    static HnswIndex build(Path dir, float[][] documents, HnswParams params, Progress.Task progress) {
        try {
            Directory directory = FSDirectory.open(dir);
            var config = new IndexWriterConfig()
                    .setOpenMode(IndexWriterConfig.OpenMode.CREATE)
                    .setRAMBufferSizeMB(512)
                    .setMergeScheduler(new SerialMergeScheduler())
                    .setMergePolicy(new LogDocMergePolicy())
                    .setCodec(new Lucene103Codec() {
                        @Override
                        public KnnVectorsFormat getKnnVectorsFormatForField(String field) {
                            return new Lucene99HnswVectorsFormat(params.maxConnections(), params.beamWidth());
                        }
                    });
            try (IndexWriter writer = new IndexWriter(directory, config)) {
                for (int i = 0; i < documents.length; i++) {
                    var doc = new Document();
                    doc.add(new KnnFloatVectorField(FIELD, documents[i], VectorSimilarityFunction.DOT_PRODUCT));
                    doc.add(new NumericDocValuesField(ORDINAL, i));
                    writer.addDocument(doc);
                    if ((i + 1) % PROGRESS_BATCH == 0 || i + 1 == documents.length) progress.step((i % PROGRESS_BATCH) + 1);
                }
                writer.forceMerge(1);
                writer.commit();
            }
            return new HnswIndex(directory);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot build the HNSW index in " + dir, e);
        }
    }

    /** A fresh reader and searcher: nothing cached from earlier searches. */
    public Searcher openSearcher() {
        try {
            DirectoryReader reader = DirectoryReader.open(directory);
            if (reader.leaves().size() != 1) {
                throw new IllegalStateException("expected one segment, but the index has " + reader.leaves().size());
            }
            LeafReader leaf = reader.leaves().get(0).reader();
            int[] ordinals = new int[leaf.maxDoc()];
            NumericDocValues values = leaf.getNumericDocValues(ORDINAL);
            for (int d = 0; d < ordinals.length; d++) {
                if (!values.advanceExact(d)) throw new IllegalStateException("document " + d + " has no ordinal");
                ordinals[d] = (int) values.longValue();
            }
            var searcher = new IndexSearcher(reader);
            searcher.setQueryCache(null);
            return new Searcher(reader, searcher, ordinals);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open the HNSW index", e);
        }
    }

    @Override
    public void close() {
        try {
            directory.close();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot close the HNSW index", e);
        }
    }

    /** One open reader over the index. */
    public static final class Searcher implements AutoCloseable {
        private final DirectoryReader reader;
        private final IndexSearcher searcher;
        private final int[] ordinals;

        private Searcher(DirectoryReader reader, IndexSearcher searcher, int[] ordinals) {
            this.reader = reader;
            this.searcher = searcher;
            this.ordinals = ordinals;
        }

        /** Top {@code ef} hits of an HNSW search with candidate list size {@code ef}, as Lucene doc ids, best first. */
        TopDocs search(float[] query, int ef) {
            try {
                return searcher.search(new KnnFloatVectorQuery(FIELD, query, ef), ef);
            } catch (IOException e) {
                throw new UncheckedIOException("HNSW search failed", e);
            }
        }

        /** Document ordinals of the first {@code k} hits. */
        int[] ordinals(TopDocs hits, int k) {
            ScoreDoc[] docs = hits.scoreDocs;
            int n = Math.min(k, docs.length);
            int[] out = new int[n];
            for (int i = 0; i < n; i++) out[i] = ordinals[docs[i].doc];
            return out;
        }

        /** Document ordinals of the top {@code k} of an HNSW search with candidate list size {@code ef}. */
        public int[] search(float[] query, int ef, int k) {
            return ordinals(search(query, ef), k);
        }

        /** Documents in the index. */
        public int size() {
            return ordinals.length;
        }

        @Override
        public void close() {
            try {
                reader.close();
            } catch (IOException e) {
                throw new UncheckedIOException("cannot close the index reader", e);
            }
        }
    }
}

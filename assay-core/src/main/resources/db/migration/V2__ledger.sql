-- Append-only, hash-chained, signed ledger. Rows are never updated or deleted by Assay.
CREATE TABLE ledger_entries (
    seq        BIGINT       PRIMARY KEY,
    entry_time VARCHAR(40)  NOT NULL,
    kind       VARCHAR(128) NOT NULL,
    subject    VARCHAR(512) NOT NULL,
    payload    TEXT         NOT NULL,
    prev_hash  VARCHAR(64)  NOT NULL,
    hash       VARCHAR(64)  NOT NULL,
    key_id     VARCHAR(32)  NOT NULL,
    signature  VARCHAR(128) NOT NULL
);

-- The newest entry, in one row that every append locks (so appends from several
-- processes sharing the database are serialised), with an Ed25519 signature over its
-- seq and hash (so truncating the chain and rewinding the head needs the ledger key).
CREATE TABLE ledger_head (
    id         INTEGER      PRIMARY KEY,
    seq        BIGINT       NOT NULL,
    hash       VARCHAR(64)  NOT NULL,
    entry_time VARCHAR(40)  NOT NULL,
    signature  VARCHAR(128) NOT NULL
);
INSERT INTO ledger_head (id, seq, hash, entry_time, signature)
VALUES (1, 0, '0000000000000000000000000000000000000000000000000000000000000000', '1970-01-01T00:00:00Z', '');

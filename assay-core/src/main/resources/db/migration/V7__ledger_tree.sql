-- The ledger as a transparency log (RFC 9162 Merkle tree, C2SP tlog-tiles layout).
-- Leaf i of the tree is entry i + 1; its leaf hash is SHA-256(0x00 || the entry's 32-byte hash).
-- Tiles of level 0 (leaf hashes) are derived from ledger_entries and not stored. A tile of level
-- L >= 1 and index N holds the hashes of the tree nodes of height 8L with indices 256N .. 256N+W-1
-- (W <= 256) concatenated: one row per tile, rewritten while the tile is partial.
CREATE TABLE ledger_tiles (
    level  SMALLINT NOT NULL,
    idx    BIGINT   NOT NULL,
    hashes BYTEA    NOT NULL,
    PRIMARY KEY (level, idx)
);

-- The newest checkpoint (C2SP tlog-checkpoint as a signed note) for the head's tree size,
-- written in the transaction that moves the head.
ALTER TABLE ledger_head ADD COLUMN checkpoint TEXT NOT NULL DEFAULT '';


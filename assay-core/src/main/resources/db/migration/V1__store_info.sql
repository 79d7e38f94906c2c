-- Identifies the store; later migrations add one table family each.
CREATE TABLE store_info (
    name  VARCHAR(64) PRIMARY KEY,
    value TEXT NOT NULL
);
INSERT INTO store_info (name, value) VALUES ('schema', 'assay');

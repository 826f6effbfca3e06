-- One number that changes whenever the servers or grants change, by whichever process: each
-- process keeps those two tables in memory and reads only this row to know its copy is current.
-- Triggers bump it inside the writing transaction, so no writer can forget it.
CREATE TABLE directory_generation (
    id    INTEGER PRIMARY KEY CHECK (id = 1),
    value INTEGER NOT NULL
) STRICT;

INSERT INTO directory_generation (id, value) VALUES (1, 0);

CREATE TRIGGER servers_inserted AFTER INSERT ON servers
BEGIN UPDATE directory_generation SET value = value + 1 WHERE id = 1; END;
CREATE TRIGGER servers_updated AFTER UPDATE ON servers
BEGIN UPDATE directory_generation SET value = value + 1 WHERE id = 1; END;
CREATE TRIGGER servers_deleted AFTER DELETE ON servers
BEGIN UPDATE directory_generation SET value = value + 1 WHERE id = 1; END;
CREATE TRIGGER grants_inserted AFTER INSERT ON grants
BEGIN UPDATE directory_generation SET value = value + 1 WHERE id = 1; END;
CREATE TRIGGER grants_updated AFTER UPDATE ON grants
BEGIN UPDATE directory_generation SET value = value + 1 WHERE id = 1; END;
CREATE TRIGGER grants_deleted AFTER DELETE ON grants
BEGIN UPDATE directory_generation SET value = value + 1 WHERE id = 1; END;

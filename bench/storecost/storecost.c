/*
 * storecost stores the forms of one formaudit database into another, file
 * after file, the way store.SaveForms does (one transaction per file, the
 * rows through prepared statements, the full-text index caught up in
 * batches), with nothing but SQLite: run under callgrind it counts the
 * instructions SQLite spends on storing a form, which, unlike time on a
 * shared machine, are the same from run to run.
 *
 * usage: storecost FROM.db TO.db FILES [SETUP.sql]
 *   FROM.db  a database holding the forms to store (the seed's, imported)
 *   TO.db    an empty database of the schema to measure
 *   FILES    how many files to store; each holds PER forms (env, default all)
 * It prints how many forms it stored.
 *   SETUP    SQL run on TO.db first: the change to measure
 * env: PER forms per file; BATCH texts left unindexed before a catch-up (8192).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "sqlite3-binding.h"

typedef struct {
	const char *name;
	int ncol, n;
	char **cols;
	sqlite3_value ***rows;
	int *bound, nbound; /* the columns insertStmt binds after the parent */
} table;

static void die(sqlite3 *db, const char *what) {
	fprintf(stderr, "storecost: %s: %s\n", what, sqlite3_errmsg(db));
	exit(1);
}

static void exec(sqlite3 *db, const char *sql) {
	char *err = 0;
	if (sqlite3_exec(db, sql, 0, 0, &err) != SQLITE_OK) {
		fprintf(stderr, "storecost: %s: %s\n", sql, err);
		exit(1);
	}
}

static table load(sqlite3 *db, const char *name) {
	table t = {name, 0, 0, 0, 0, 0, 0};
	char q[128];
	snprintf(q, sizeof q, "SELECT * FROM %s ORDER BY rowid", name);
	sqlite3_stmt *st;
	if (sqlite3_prepare_v2(db, q, -1, &st, 0) != SQLITE_OK) die(db, q);
	t.ncol = sqlite3_column_count(st);
	t.cols = malloc(sizeof *t.cols * t.ncol);
	for (int i = 0; i < t.ncol; i++) t.cols[i] = strdup(sqlite3_column_name(st, i));
	int cap = 64;
	t.rows = malloc(sizeof *t.rows * cap);
	while (sqlite3_step(st) == SQLITE_ROW) {
		if (t.n == cap) t.rows = realloc(t.rows, sizeof *t.rows * (cap *= 2));
		sqlite3_value **r = malloc(sizeof *r * t.ncol);
		for (int i = 0; i < t.ncol; i++) r[i] = sqlite3_value_dup(sqlite3_column_value(st, i));
		t.rows[t.n++] = r;
	}
	sqlite3_finalize(st);
	return t;
}

static int col(const table *t, const char *name) {
	for (int i = 0; i < t->ncol; i++)
		if (!strcmp(t->cols[i], name)) return i;
	fprintf(stderr, "storecost: %s has no column %s\n", t->name, name);
	exit(1);
}

/* insertStmt inserts a row of t with every column but id; parent comes
 * first. It records in t the columns it binds after the parent. */
static sqlite3_stmt *insertStmt(sqlite3 *db, table *t, const char *parent) {
	char q[4096];
	int o = snprintf(q, sizeof q, "INSERT INTO %s (%s", t->name, parent);
	t->bound = malloc(sizeof *t->bound * t->ncol);
	t->nbound = 0;
	for (int i = 0; i < t->ncol; i++) {
		if (!strcmp(t->cols[i], "id") || !strcmp(t->cols[i], parent)) continue;
		o += snprintf(q + o, sizeof q - o, ", %s", t->cols[i]);
		t->bound[t->nbound++] = i;
	}
	o += snprintf(q + o, sizeof q - o, ") VALUES (?");
	for (int i = 0; i < t->nbound; i++) o += snprintf(q + o, sizeof q - o, ", ?");
	snprintf(q + o, sizeof q - o, ")");
	sqlite3_stmt *st;
	if (sqlite3_prepare_v3(db, q, -1, SQLITE_PREPARE_PERSISTENT, &st, 0) != SQLITE_OK) die(db, q);
	return st;
}

static void insert(sqlite3 *db, sqlite3_stmt *st, const table *t, sqlite3_value **row, sqlite3_int64 parent) {
	sqlite3_bind_int64(st, 1, parent);
	for (int k = 0; k < t->nbound; k++) sqlite3_bind_value(st, k + 2, row[t->bound[k]]);
	if (sqlite3_step(st) != SQLITE_DONE) die(db, t->name);
	sqlite3_reset(st);
}

static sqlite3_stmt *prepare(sqlite3 *db, const char *sql) {
	sqlite3_stmt *st;
	if (sqlite3_prepare_v3(db, sql, -1, SQLITE_PREPARE_PERSISTENT, &st, 0) != SQLITE_OK) die(db, sql);
	return st;
}

int main(int argc, char **argv) {
	if (argc < 4) {
		fprintf(stderr, "usage: storecost FROM.db TO.db FILES [SETUP.sql]\n");
		return 2;
	}
	int files = atoi(argv[3]);
	const char *batchEnv = getenv("BATCH");
	int batch = batchEnv && *batchEnv ? atoi(batchEnv) : 8192;
	sqlite3 *from;
	if (sqlite3_open_v2(argv[1], &from, SQLITE_OPEN_READONLY, 0) != SQLITE_OK) die(from, argv[1]);
	table forms = load(from, "forms");
	const char *childNames[] = {"funds", "goals", "indicators", "discrepancies"};
	table child[4];
	for (int i = 0; i < 4; i++) child[i] = load(from, childNames[i]);
	const char *perEnv = getenv("PER");
	int per = perEnv && *perEnv ? atoi(perEnv) : forms.n;

	sqlite3 *db;
	/* As store.Open opens the writer's connection: _mutex=no. */
	if (sqlite3_open_v2(argv[2], &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX, 0) != SQLITE_OK) die(db, argv[2]);
	/* store.writeParams */
	exec(db, "PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL; PRAGMA busy_timeout = 5000; PRAGMA foreign_keys = ON");
	if (argc > 4) {
		FILE *f = fopen(argv[4], "r");
		if (!f) { perror(argv[4]); return 1; }
		static char setup[1 << 20];
		setup[fread(setup, 1, sizeof setup - 1, f)] = 0;
		fclose(f);
		exec(db, setup);
	}
	sqlite3_stmt *del = prepare(db, "DELETE FROM sources WHERE path = ?");
	sqlite3_stmt *src = prepare(db, "INSERT INTO sources (path, sha256, format, size, imported_at, status, error, forms) "
		"VALUES (?, ?, 'text', 1000, '2026-01-01T00:00:00Z', 'ok', NULL, ?)");
	sqlite3_stmt *behind = prepare(db, "SELECT coalesce(max(id), 0) - (SELECT indexed_to FROM search_index_state) FROM search_text");
	sqlite3_stmt *ins = insertStmt(db, &forms, "source_id"), *childIns[4];
	for (int i = 0; i < 4; i++) childIns[i] = insertStmt(db, &child[i], "form_id");
	int formID = col(&forms, "id"), childForm[4];
	for (int i = 0; i < 4; i++) childForm[i] = col(&child[i], "form_id");
	sqlite3_stmt *hasIndex = prepare(db, "SELECT count(*) FROM sqlite_schema WHERE name = 'search_fts'");
	sqlite3_step(hasIndex);
	int indexed = sqlite3_column_int(hasIndex, 0);
	sqlite3_finalize(hasIndex);
	/* store.catchUpSQL */
	const char *catchUp =
		"INSERT INTO search_fts (rowid, text) SELECT id, text FROM search_text WHERE id > (SELECT indexed_to FROM search_index_state);"
		"UPDATE search_index_state SET indexed_to = max(indexed_to, (SELECT coalesce(max(id), 0) FROM search_text));";

	for (int n = 0; n < files; n++) {
		char path[32], sha[32];
		snprintf(path, sizeof path, "file-%d", n);
		snprintf(sha, sizeof sha, "%d", n);
		exec(db, "BEGIN IMMEDIATE");
		sqlite3_bind_text(del, 1, path, -1, SQLITE_TRANSIENT);
		if (sqlite3_step(del) != SQLITE_DONE) die(db, "delete source");
		sqlite3_reset(del);
		sqlite3_bind_text(src, 1, path, -1, SQLITE_TRANSIENT);
		sqlite3_bind_text(src, 2, sha, -1, SQLITE_TRANSIENT);
		sqlite3_bind_int(src, 3, per);
		if (sqlite3_step(src) != SQLITE_DONE) die(db, "insert source");
		sqlite3_reset(src);
		sqlite3_int64 sourceID = sqlite3_last_insert_rowid(db);
		for (int k = 0; k < per; k++) {
			sqlite3_value **f = forms.rows[(n * per + k) % forms.n];
			insert(db, ins, &forms, f, sourceID);
			sqlite3_int64 id = sqlite3_last_insert_rowid(db), was = sqlite3_value_int64(f[formID]);
			for (int c = 0; c < 4; c++)
				for (int r = 0; r < child[c].n; r++)
					if (sqlite3_value_int64(child[c].rows[r][childForm[c]]) == was)
						insert(db, childIns[c], &child[c], child[c].rows[r], id);
		}
		if (indexed) {
			sqlite3_step(behind);
			int waiting = sqlite3_column_int(behind, 0);
			sqlite3_reset(behind);
			if (waiting >= batch) exec(db, catchUp);
		}
		exec(db, "COMMIT");
	}
	if (indexed) exec(db, catchUp);
	if (sqlite3_close_v2(db) != SQLITE_OK) die(db, "close");
	printf("%d\n", files * per); /* forms stored */
	return 0;
}

/*
 * The store (see store.h): SQLite, and what both backends share (the SQL
 * they both run, the athletes' cache, the rows' values); a store opened on
 * a PostgreSQL URI hands each call to core/store_pg.c. On SQLite every
 * statement is prepared once, with bound parameters, and reused. Log rows
 * live in WITHOUT ROWID tables keyed by (athlete, date, time, seq): one
 * B-tree each, clustered by athlete and date, which is how the analyzer
 * reads them.
 */
#define _GNU_SOURCE   /* renameat2 */
#include "store.h"
#include "bytes.h"
#include "exposure.h"
#include "hashmap.h"
#include "ranges.h"
#include "store_pg.h"
#include "strbuf.h"
#include "text.h"
#include "xalloc.h"

#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <math.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <dirent.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

enum stmt_id {
	ST_BEGIN,
	ST_COMMIT,
	ST_ROLLBACK,
	ST_ATHLETE_GET,
	ST_ATHLETE_ADD,
	ST_IMPORT_START,
	ST_IMPORT_FINISH,
	ST_TRAINING_BY_UTC,
	ST_TRAINING_KEY_UTC,
	ST_FIXED,       /* the statements above are fixed text */
	ST_INSERT = ST_FIXED,            /* + 0, 1, 2: training, hydration, diet */
	ST_UPDATE = ST_INSERT + 3,
	ST_COUNT = ST_UPDATE + 3
};

/* The statements exposure_keep runs for each athlete it makes (store.h's
 * store_rows_since and store_kept_*): prepared once per store on SQLite
 * (kept_rows_sql), for parsing them for each athlete cost more than
 * running them. The first three are store_rows_since's, by query. */
enum kept_query {
	KQ_SINCE_SESSIONS,
	KQ_SINCE_HYDRATION,
	KQ_SINCE_DIET,
	KQ_SINCE_ATHLETE,
	KQ_LAST,
	KQ_SEED,
	KQ_SEED_FIRST,
	KQ_CRAMPS,
	KQ_CLEAR_DAYS,
	KQ_CLEAR_SESSIONS,
	KQ_READY,
	KQ_COUNT
};

_Static_assert(KQ_SINCE_SESSIONS + STORE_Q_DIET == KQ_SINCE_DIET &&
	       KQ_SINCE_SESSIONS + STORE_Q_ATHLETE == KQ_SINCE_ATHLETE,
	       "store_rows_since's statements by query");

/* The most athlete names the store keeps in memory during an import. */
#define STORE_ATHLETE_CACHE 16384

struct store {
	sqlite3 *db;
	char *path;
	sqlite3_stmt *stmt[ST_COUNT];
	struct strmap athletes;   /* raw name as given -> id */
	struct strbuf fold;       /* scratch for case folding */
	int in_transaction;
	char *filename;           /* as SQLite was given it (a URI) */
	int readonly;             /* opened by a command that only reads */
	int found_version;        /* the schema version found at open */
	int marked;               /* it has cramplog's application id */
	store *shares;            /* a reader in this store's read
				   * transaction (store_open_reader) */
	int reading;              /* in a read transaction that
				   * store_open_reader began */
	struct pgstore *pg;       /* PostgreSQL, when not NULL: db is NULL */
	char *pg_write[6];        /* PostgreSQL's row writes: the inserts,
				   * then the updates, of the log tables */
	char *pg_copy[6];         /* its bulk writes: the columns, then the
				   * merges, of the log tables */
	char *team_key;           /* the reads' team (store_set_team), folded;
				   * NULL: every athlete */
	/* The team each athlete was given in this transaction (put_teams):
	 * the number of its name in team_numbers, from 1. Both forgotten
	 * past STORE_ATHLETE_CACHE entries. They hold while no one else
	 * changes a team inside the transaction (another cramplog import
	 * waits for the writers' lock); forgotten when one begins, as
	 * another writer may have changed teams between two. */
	struct u64map athlete_team;
	struct strmap team_numbers;
	/* The kept exposures (store.h): the athletes this transaction
	 * changed, each from its earliest date changed. */
	struct kept_touch *touched;
	size_t ntouched, touched_alloc;
	struct u64map touched_index;    /* athlete id -> index + 1 */
	int keeping;                    /* exposure_keep is writing */
	int spilled;                    /* some wait in kept_pending */
	int later;                      /* commits leave them waiting
					 * (store_keep_later) */
	struct kept_batch *batch[2];    /* kept rows not yet written */
	sqlite3_stmt *kept_insert[2];   /* SQLite's insert of one, prepared
					 * once */
	/* SQLite's statements exposure_keep runs for each athlete, prepared
	 * once (kept_rows_sql), and whether one is open. */
	sqlite3_stmt *kept_stmt[KQ_COUNT];
	char kept_busy[KQ_COUNT];
};

/* An athlete whose kept exposures are to be made again from date on
 * ("" for all of them). */
struct kept_touch {
	int64_t athlete;
	model_date from;
	int trained;              /* a session row changed */
};

/* The most athletes a transaction keeps in memory as changed: past
 * them, they wait in kept_pending (the memory stays bounded whatever the
 * athletes' count). */
#define KEPT_TOUCH_MAX 1024

static void kept_touch(store *st, int64_t athlete, const char *date,
		       int trained);
static int kept_spill(store *st, struct diag *d);
static void kept_forget(store *st);
static int kept_make_pending(store *st, struct diag *d);

/*
 * The schema, one migration per version. A migration runs inside a write
 * transaction that also sets user_version, so that it applies whole or not
 * at all, and once even when two processes open a new database together.
 */
static const char *const migrations[] = {
	/* 1: athletes, imports and the three kinds of log. */
	"CREATE TABLE athletes ("
	"  id INTEGER PRIMARY KEY,"
	"  name TEXT NOT NULL CHECK (length(name) BETWEEN 1 AND 200),"
	"  name_key TEXT NOT NULL UNIQUE,"   /* case-folded name */
	"  created_at TEXT NOT NULL"
	") STRICT;"
	"CREATE TABLE imports ("
	"  id INTEGER PRIMARY KEY,"
	"  file TEXT NOT NULL,"
	"  kind TEXT NOT NULL CHECK (kind IN ('training', 'hydration', 'diet')),"
	"  imported_at TEXT NOT NULL,"
	"  rows INTEGER NOT NULL DEFAULT 0 CHECK (rows >= 0),"
	"  added INTEGER NOT NULL DEFAULT 0 CHECK (added >= 0),"
	"  updated INTEGER NOT NULL DEFAULT 0 CHECK (updated >= 0),"
	"  unchanged INTEGER NOT NULL DEFAULT 0 CHECK (unchanged >= 0),"
	"  rejected INTEGER NOT NULL DEFAULT 0 CHECK (rejected >= 0)"
	") STRICT;"
	/* time: 'HH:MM:SS', or '' when the log gave none (part of the key);
	 * seq: the row's rank among rows of one file with the same
	 * athlete, date and time; import_id: the import that last wrote it. */
	"CREATE TABLE training ("
	"  athlete_id INTEGER NOT NULL REFERENCES athletes(id),"
	"  date TEXT NOT NULL CHECK (length(date) = 10),"
	"  start_time TEXT NOT NULL CHECK (length(start_time) IN (0, 8)),"
	"  seq INTEGER NOT NULL CHECK (seq >= 0),"
	"  session TEXT,"
	"  duration_min REAL NOT NULL CHECK (duration_min BETWEEN 0 AND 1440),"
	"  rpe REAL CHECK (rpe BETWEEN 0 AND 10),"
	"  distance_km REAL CHECK (distance_km >= 0),"
	"  pre_mass_kg REAL CHECK (pre_mass_kg BETWEEN 20 AND 250),"
	"  post_mass_kg REAL CHECK (post_mass_kg BETWEEN 20 AND 250),"
	"  fluid_ml REAL CHECK (fluid_ml BETWEEN 0 AND 10000),"
	"  temp_c REAL CHECK (temp_c BETWEEN -40 AND 60),"
	"  tightness REAL CHECK (tightness BETWEEN 0 AND 10),"
	"  cramp INTEGER NOT NULL CHECK (cramp IN (0, 1)),"
	"  cramp_muscle TEXT,"
	"  cramp_side TEXT CHECK (cramp_side IN ('left', 'right', 'both')),"
	"  cramp_severity REAL CHECK (cramp_severity BETWEEN 0 AND 10),"
	"  notes TEXT,"
	"  import_id INTEGER NOT NULL,"
	"  first_import_id INTEGER NOT NULL,"
	"  PRIMARY KEY (athlete_id, date, start_time, seq)"
	") STRICT, WITHOUT ROWID;"
	"CREATE TABLE hydration ("
	"  athlete_id INTEGER NOT NULL REFERENCES athletes(id),"
	"  date TEXT NOT NULL CHECK (length(date) = 10),"
	"  time TEXT NOT NULL CHECK (length(time) IN (0, 8)),"
	"  seq INTEGER NOT NULL CHECK (seq >= 0),"
	"  fluid_ml REAL CHECK (fluid_ml BETWEEN 0 AND 10000),"
	"  sodium_mg REAL CHECK (sodium_mg BETWEEN 0 AND 20000),"
	"  potassium_mg REAL CHECK (potassium_mg BETWEEN 0 AND 20000),"
	"  urine_color INTEGER CHECK (urine_color BETWEEN 1 AND 8),"
	"  usg REAL CHECK (usg BETWEEN 1.000 AND 1.050),"
	"  body_mass_kg REAL CHECK (body_mass_kg BETWEEN 20 AND 250),"
	"  import_id INTEGER NOT NULL,"
	"  first_import_id INTEGER NOT NULL,"
	"  PRIMARY KEY (athlete_id, date, time, seq)"
	") STRICT, WITHOUT ROWID;"
	"CREATE TABLE diet ("
	"  athlete_id INTEGER NOT NULL REFERENCES athletes(id),"
	"  date TEXT NOT NULL CHECK (length(date) = 10),"
	"  time TEXT NOT NULL CHECK (length(time) IN (0, 8)),"
	"  seq INTEGER NOT NULL CHECK (seq >= 0),"
	"  meal TEXT,"
	"  energy_kcal REAL CHECK (energy_kcal BETWEEN 0 AND 20000),"
	"  carbs_g REAL CHECK (carbs_g BETWEEN 0 AND 2000),"
	"  protein_g REAL CHECK (protein_g BETWEEN 0 AND 2000),"
	"  fat_g REAL CHECK (fat_g BETWEEN 0 AND 2000),"
	"  sodium_mg REAL CHECK (sodium_mg BETWEEN 0 AND 20000),"
	"  potassium_mg REAL CHECK (potassium_mg BETWEEN 0 AND 20000),"
	"  fluid_ml REAL CHECK (fluid_ml BETWEEN 0 AND 10000),"
	"  import_id INTEGER NOT NULL,"
	"  first_import_id INTEGER NOT NULL,"
	"  PRIMARY KEY (athlete_id, date, time, seq)"
	") STRICT, WITHOUT ROWID;"
	"CREATE INDEX training_by_date ON training(date);",
	/* 2: where a session comes from ('native', or the app: 'garmin',
	 * ...), part of the key, so that an app's activity and a native row
	 * of the same start never overwrite each other; an app's own
	 * training load (TrainingPeaks' TSS), energy and mean heart rate.
	 * SQLite cannot change a primary key: the table is rebuilt. */
	"CREATE TABLE training_v2 ("
	"  athlete_id INTEGER NOT NULL REFERENCES athletes(id),"
	"  date TEXT NOT NULL CHECK (length(date) = 10),"
	"  start_time TEXT NOT NULL CHECK (length(start_time) IN (0, 8)),"
	"  source TEXT NOT NULL DEFAULT 'native'"
	"    CHECK (length(source) BETWEEN 1 AND 40),"
	"  seq INTEGER NOT NULL CHECK (seq >= 0),"
	"  session TEXT,"
	"  duration_min REAL NOT NULL " RANGE_CHECK(duration_min) ","
	"  rpe REAL " RANGE_CHECK(rpe) ","
	"  distance_km REAL " RANGE_CHECK_FLOOR(distance_km) ","
	"  pre_mass_kg REAL " RANGE_CHECK(pre_mass_kg) ","
	"  post_mass_kg REAL " RANGE_CHECK(post_mass_kg) ","
	"  fluid_ml REAL " RANGE_CHECK(fluid_ml) ","
	"  temp_c REAL " RANGE_CHECK(temp_c) ","
	"  tightness REAL " RANGE_CHECK(tightness) ","
	"  cramp INTEGER NOT NULL CHECK (cramp IN (0, 1)),"
	"  cramp_muscle TEXT,"
	"  cramp_side TEXT CHECK (cramp_side IN ('left', 'right', 'both')),"
	"  cramp_severity REAL " RANGE_CHECK(cramp_severity) ","
	"  notes TEXT,"
	"  load REAL " RANGE_CHECK_FLOOR(load) ","
	"  energy_kcal REAL " RANGE_CHECK(energy_kcal) ","
	"  avg_hr REAL " RANGE_CHECK(avg_hr) ","
	"  import_id INTEGER NOT NULL,"
	"  first_import_id INTEGER NOT NULL,"
	"  PRIMARY KEY (athlete_id, date, start_time, source, seq)"
	") STRICT, WITHOUT ROWID;"
	"INSERT INTO training_v2 (athlete_id, date, start_time, source, seq,"
	"  session, duration_min, rpe, distance_km, pre_mass_kg, post_mass_kg,"
	"  fluid_ml, temp_c, tightness, cramp, cramp_muscle, cramp_side,"
	"  cramp_severity, notes, import_id, first_import_id)"
	" SELECT athlete_id, date, start_time, 'native', seq, session,"
	"  duration_min, rpe, distance_km, pre_mass_kg, post_mass_kg, fluid_ml,"
	"  temp_c, tightness, cramp, cramp_muscle, cramp_side, cramp_severity,"
	"  notes, import_id, first_import_id FROM training;"
	"DROP TABLE training;"
	"ALTER TABLE training_v2 RENAME TO training;"
	"CREATE INDEX training_by_date ON training(date);",
	/* 3: the same for hydration and diet: two apps' rows of one day (a
	 * Cronometer total, intervals.icu's wellness) never overwrite each
	 * other. */
	"CREATE TABLE hydration_v2 ("
	"  athlete_id INTEGER NOT NULL REFERENCES athletes(id),"
	"  date TEXT NOT NULL CHECK (length(date) = 10),"
	"  time TEXT NOT NULL CHECK (length(time) IN (0, 8)),"
	"  source TEXT NOT NULL DEFAULT 'native'"
	"    CHECK (length(source) BETWEEN 1 AND 40),"
	"  seq INTEGER NOT NULL CHECK (seq >= 0),"
	"  fluid_ml REAL " RANGE_CHECK(fluid_ml) ","
	"  sodium_mg REAL " RANGE_CHECK(sodium_mg) ","
	"  potassium_mg REAL " RANGE_CHECK(potassium_mg) ","
	"  urine_color INTEGER " RANGE_CHECK(urine_color) ","
	"  usg REAL " RANGE_CHECK(usg) ","
	"  body_mass_kg REAL " RANGE_CHECK(body_mass_kg) ","
	"  import_id INTEGER NOT NULL,"
	"  first_import_id INTEGER NOT NULL,"
	"  PRIMARY KEY (athlete_id, date, time, source, seq)"
	") STRICT, WITHOUT ROWID;"
	"INSERT INTO hydration_v2 (athlete_id, date, time, source, seq, fluid_ml,"
	"  sodium_mg, potassium_mg, urine_color, usg, body_mass_kg, import_id,"
	"  first_import_id)"
	" SELECT athlete_id, date, time, 'native', seq, fluid_ml, sodium_mg,"
	"  potassium_mg, urine_color, usg, body_mass_kg, import_id,"
	"  first_import_id FROM hydration;"
	"DROP TABLE hydration;"
	"ALTER TABLE hydration_v2 RENAME TO hydration;"
	"CREATE TABLE diet_v2 ("
	"  athlete_id INTEGER NOT NULL REFERENCES athletes(id),"
	"  date TEXT NOT NULL CHECK (length(date) = 10),"
	"  time TEXT NOT NULL CHECK (length(time) IN (0, 8)),"
	"  source TEXT NOT NULL DEFAULT 'native'"
	"    CHECK (length(source) BETWEEN 1 AND 40),"
	"  seq INTEGER NOT NULL CHECK (seq >= 0),"
	"  meal TEXT,"
	"  energy_kcal REAL " RANGE_CHECK(energy_kcal) ","
	"  carbs_g REAL " RANGE_CHECK(carbs_g) ","
	"  protein_g REAL " RANGE_CHECK(protein_g) ","
	"  fat_g REAL " RANGE_CHECK(fat_g) ","
	"  sodium_mg REAL " RANGE_CHECK(sodium_mg) ","
	"  potassium_mg REAL " RANGE_CHECK(potassium_mg) ","
	"  fluid_ml REAL " RANGE_CHECK(fluid_ml) ","
	"  import_id INTEGER NOT NULL,"
	"  first_import_id INTEGER NOT NULL,"
	"  PRIMARY KEY (athlete_id, date, time, source, seq)"
	") STRICT, WITHOUT ROWID;"
	"INSERT INTO diet_v2 (athlete_id, date, time, source, seq, meal,"
	"  energy_kcal, carbs_g, protein_g, fat_g, sodium_mg, potassium_mg,"
	"  fluid_ml, import_id, first_import_id)"
	" SELECT athlete_id, date, time, 'native', seq, meal, energy_kcal,"
	"  carbs_g, protein_g, fat_g, sodium_mg, potassium_mg, fluid_ml,"
	"  import_id, first_import_id FROM diet;"
	"DROP TABLE diet;"
	"ALTER TABLE diet_v2 RENAME TO diet;",
	/* 4: a morning's muscle soreness (on intervals.icu's scale) and the
	 * night's sleep. */
	"ALTER TABLE hydration ADD COLUMN soreness INTEGER"
	"  " RANGE_CHECK(soreness) ";"
	"ALTER TABLE hydration ADD COLUMN sleep_h REAL"
	"  " RANGE_CHECK(sleep_h) ";"
	/* and an activity's start in UTC, as Strava gives it: the same
	 * activity whatever the zone it was imported in. */
	"ALTER TABLE training ADD COLUMN utc_start TEXT"
	"  CHECK (utc_start IS NULL OR length(utc_start) = 19);"
	"CREATE INDEX training_by_utc ON training(athlete_id, source, utc_start)"
	"  WHERE utc_start IS NOT NULL;",
	/* 5: the athlete's sweat sodium concentration from a sweat patch
	 * test, mg/L (docs/science.md: the sodium balance). */
	"ALTER TABLE training ADD COLUMN sweat_sodium_mg_l REAL"
	"  " RANGE_CHECK(sweat_sodium_mg_l) ";"
	/* and the units an athlete's app account writes (an export does not
	 * say), as last given with --units. */
	"CREATE TABLE app_units ("
	"  athlete_id INTEGER NOT NULL REFERENCES athletes(id),"
	"  format TEXT NOT NULL CHECK (length(format) BETWEEN 1 AND 40),"
	"  units TEXT NOT NULL CHECK (units IN ('metric', 'imperial')),"
	"  PRIMARY KEY (athlete_id, format)"
	") STRICT;",
	/* 6: the athlete's team, as last given (a native log's team column,
	 * import --team), and folded as names are, for --team and, on
	 * PostgreSQL, for who may see it. */
	"ALTER TABLE athletes ADD COLUMN team TEXT"
	"  CHECK (team IS NULL OR length(team) BETWEEN 1 AND 200);"
	"ALTER TABLE athletes ADD COLUMN team_key TEXT;"
	"CREATE INDEX athletes_by_team ON athletes(team_key);",
	/* 7: the kept exposures (docs/database.md): each athlete's days, from
	 * the first logged to the last, and sessions, as exposure.c computes
	 * them with the default window, ACWR and sweat sodium (NULL unknown),
	 * and the athletes still to be computed (every one, here: the
	 * first writer to open the database computes them, store_open). */
	"CREATE TABLE kept_days ("
	"  athlete_id INTEGER NOT NULL REFERENCES athletes(id),"
	"  date TEXT NOT NULL CHECK (length(date) = 10),"
	"  fluid_ml REAL, sodium_mg REAL, potassium_mg REAL, carbs_g REAL,"
	"  body_mass_kg REAL, urine_color REAL, usg REAL,"
	"  sessions INTEGER NOT NULL, load REAL, acute_load REAL,"
	"  chronic_load REAL, acwr REAL, sodium_balance_mg REAL,"
	"  sweat_sodium_held_mg_l REAL,"
	"  PRIMARY KEY (athlete_id, date)"
	") STRICT, WITHOUT ROWID;"
	"CREATE TABLE kept_sessions ("
	"  athlete_id INTEGER NOT NULL REFERENCES athletes(id),"
	"  date TEXT NOT NULL CHECK (length(date) = 10),"
	"  ord INTEGER NOT NULL,"
	"  start_time TEXT NOT NULL, cramp INTEGER NOT NULL,"
	"  cramp_severity REAL, cramp_muscle TEXT, cramp_side INTEGER NOT NULL,"
	"  duration_min REAL, rpe REAL, load REAL, body_mass_loss_pct REAL,"
	"  body_mass_loss_kg REAL, tightness REAL, urine_color REAL, usg REAL,"
	"  fluid_ml REAL, sodium_mg REAL, potassium_mg REAL, carbs_g REAL,"
	"  carbs_g_per_kg REAL, window_known_days INTEGER NOT NULL,"
	"  acute_load REAL, chronic_load REAL, acwr REAL, sweat_volume_l REAL,"
	"  sweat_rate_l_h REAL, sweat_sodium_mg_l REAL, sweat_sodium_mg REAL,"
	"  sodium_balance_mg REAL, history INTEGER NOT NULL,"
	"  PRIMARY KEY (athlete_id, date, ord)"
	") STRICT, WITHOUT ROWID;"
	"CREATE TABLE kept_pending ("
	"  athlete_id INTEGER PRIMARY KEY REFERENCES athletes(id),"
	"  from_date TEXT NOT NULL"
	") STRICT;"
	"INSERT INTO kept_pending SELECT id, '' FROM athletes;",
	/* 8: each kept session's flag values again as one blob (FLAG_BYTES),
	 * with the key, cramp and history in an index of their own, which
	 * is what analyze, report and validate read of every session; the
	 * kept exposures are made again (by the first writer, as in 7). */
	"ALTER TABLE kept_sessions ADD COLUMN flag_values BLOB"
	"  CHECK (flag_values IS NULL OR length(flag_values) = 72);"
	"CREATE INDEX kept_session_flags ON kept_sessions"
	"  (athlete_id, date, ord, cramp, history, flag_values);"
	"DELETE FROM kept_sessions;"
	"DELETE FROM kept_days;"
	"INSERT OR REPLACE INTO kept_pending SELECT id, '' FROM athletes;",
	/* 9: who made each import: on PostgreSQL the role (row-level
	 * security shows a role its own imports and those that wrote rows
	 * it may read); NULL on SQLite, which has no roles, and for imports
	 * made before. */
	"ALTER TABLE imports ADD COLUMN imported_by TEXT;",
	/* 10: who may do what on PostgreSQL (its functions and policies);
	 * nothing on SQLite. */
	"",
};

/* STORE_APPLICATION_ID as SQL text (a PRAGMA takes no parameter). */
#define APPLICATION_ID_SQL "1129467216"

#define NOW_UTC "strftime('%Y-%m-%dT%H:%M:%SZ', 'now')"

/* Statements that need no building. The row writes are built at open time
 * from the tables below (identifiers only: values are always bound). */
static const char *const stmt_sql[ST_FIXED] = {
	[ST_BEGIN] = "BEGIN IMMEDIATE",
	[ST_COMMIT] = "COMMIT",
	[ST_ROLLBACK] = "ROLLBACK",
	[ST_ATHLETE_GET] = "SELECT id FROM athletes WHERE name_key = ?1",
	[ST_ATHLETE_ADD] = "INSERT INTO athletes(name, name_key, created_at) "
			   "VALUES (?1, ?2, " NOW_UTC ")",
	[ST_IMPORT_START] = "INSERT INTO imports(file, kind, imported_at) "
			    "VALUES (?1, ?2, " NOW_UTC ")",
	[ST_TRAINING_BY_UTC] = "SELECT date, start_time, seq FROM training "
			       "WHERE athlete_id = ?1 AND source = ?2 AND "
			       "utc_start = ?3 LIMIT 1",
	[ST_TRAINING_KEY_UTC] = "SELECT utc_start FROM training "
				"WHERE athlete_id = ?1 AND date = ?2 AND "
				"start_time = ?3 AND source = ?4 AND seq = ?5",
	[ST_IMPORT_FINISH] = "UPDATE imports SET rows = ?2, added = ?3, "
			     "updated = ?4, unchanged = ?5, rejected = ?6 "
			     "WHERE id = ?1",
};

/* The log tables: key columns (athlete_id, date, TIME, seq) are bound as
 * ?1 to ?4, the value columns as ?5 on, and the import's id after them. */
struct log_table {
	const char *name;
	const char *time_column;
	const char *const *columns;
	int ncolumns;
	int key_value;            /* a value column that is also in the key,
				   * or -1 */
};

static const char *const training_columns[] = {
	"session", "duration_min", "rpe", "distance_km", "pre_mass_kg",
	"post_mass_kg", "fluid_ml", "temp_c", "tightness", "cramp",
	"cramp_muscle", "cramp_side", "cramp_severity", "notes", "load",
	"energy_kcal", "avg_hr", "source", "utc_start", "sweat_sodium_mg_l"
};
#define TRAINING_SOURCE 17      /* training_columns[17] is in the key */
static const char *const hydration_columns[] = {
	"fluid_ml", "sodium_mg", "potassium_mg", "urine_color", "usg",
	"body_mass_kg", "soreness", "sleep_h", "source"
};
#define HYDRATION_SOURCE 8
static const char *const diet_columns[] = {
	"meal", "energy_kcal", "carbs_g", "protein_g", "fat_g", "sodium_mg",
	"potassium_mg", "fluid_ml", "source"
};
#define DIET_SOURCE 8

#define LOG_TABLE(name, time, cols, key) \
	{ name, time, cols, (int)(sizeof(cols) / sizeof(cols[0])), key }

static const struct log_table log_tables[3] = {
	LOG_TABLE("training", "start_time", training_columns, TRAINING_SOURCE),
	LOG_TABLE("hydration", "time", hydration_columns, HYDRATION_SOURCE),
	LOG_TABLE("diet", "time", diet_columns, DIET_SOURCE),
};

/*
 * A row is written in one or two steps: an INSERT that does nothing when
 * the key exists (added), else an UPDATE of that key that changes the row
 * only where a value differs (updated, or unchanged when it matched none).
 */
static void build_insert(struct strbuf *sb, const struct log_table *t)
{
	strbuf_addf(sb, "INSERT INTO %s(athlete_id, date, %s, seq", t->name,
		    t->time_column);
	for (int i = 0; i < t->ncolumns; i++)
		strbuf_addf(sb, ", %s", t->columns[i]);
	strbuf_addstr(sb, ", import_id, first_import_id) VALUES (?1, ?2, ?3, ?4");
	for (int i = 0; i < t->ncolumns; i++)
		strbuf_addf(sb, ", ?%d", i + 5);
	strbuf_addf(sb, ", ?%d, ?%d) ON CONFLICT DO NOTHING", t->ncolumns + 5,
		    t->ncolumns + 5);
}

/* ne: the operator that tells a value from another, NULLs included
 * (SQLite's "IS NOT", the standard "IS DISTINCT FROM"). */
static void build_update(struct strbuf *sb, const struct log_table *t,
			 const char *ne)
{
	strbuf_addf(sb, "UPDATE %s SET ", t->name);
	for (int i = 0; i < t->ncolumns; i++)
		strbuf_addf(sb, "%s = ?%d, ", t->columns[i], i + 5);
	strbuf_addf(sb, "import_id = ?%d WHERE athlete_id = ?1 AND date = ?2 "
		    "AND %s = ?3 AND seq = ?4 AND ", t->ncolumns + 5,
		    t->time_column);
	if (t->key_value >= 0)
		strbuf_addf(sb, "%s = ?%d AND ", t->columns[t->key_value],
			    t->key_value + 5);
	strbuf_addch(sb, '(');
	for (int i = 0; i < t->ncolumns; i++)
		strbuf_addf(sb, "%s%s %s ?%d", i ? " OR " : "", t->columns[i], ne,
			    i + 5);
	strbuf_addch(sb, ')');
}

/* The columns a row write binds, in their parameters' order. */
static void build_columns(struct strbuf *sb, const struct log_table *t)
{
	strbuf_addf(sb, "athlete_id, date, %s, seq", t->time_column);
	for (int i = 0; i < t->ncolumns; i++)
		strbuf_addf(sb, ", %s", t->columns[i]);
	strbuf_addstr(sb, ", import_id, first_import_id");
}

/*
 * PostgreSQL's merge of the rows copied into the temporary table
 * cramplog_rows_T (T the table's name) into the log table: each row added,
 * or updated only where a value differs, as the two statements above do;
 * it gives (n, 1 added / 0 updated) for each row written, none for a row
 * unchanged.
 */
static void build_merge(struct strbuf *sb, const struct log_table *t)
{
	const char *key_value = t->columns[t->key_value];

	strbuf_addf(sb, "WITH m AS (INSERT INTO %s AS t (", t->name);
	build_columns(sb, t);
	strbuf_addstr(sb, ") SELECT ");
	build_columns(sb, t);
	strbuf_addf(sb, " FROM cramplog_rows_%s ON CONFLICT (athlete_id, date, "
		    "%s, %s, seq) DO UPDATE SET ", t->name, t->time_column,
		    key_value);
	for (int i = 0; i < t->ncolumns; i++)
		strbuf_addf(sb, "%s = excluded.%s, ", t->columns[i],
			    t->columns[i]);
	strbuf_addstr(sb, "import_id = excluded.import_id WHERE (");
	for (int i = 0; i < t->ncolumns; i++)
		strbuf_addf(sb, "%st.%s", i ? ", " : "", t->columns[i]);
	strbuf_addstr(sb, ") IS DISTINCT FROM (");
	for (int i = 0; i < t->ncolumns; i++)
		strbuf_addf(sb, "%sexcluded.%s", i ? ", " : "", t->columns[i]);
	strbuf_addf(sb, ") RETURNING athlete_id, date, %s, %s, seq, xmax = 0 "
		    "AS added) SELECT r.n, CASE WHEN m.added THEN 1 ELSE 0 END "
		    "FROM m JOIN cramplog_rows_%s r USING (athlete_id, date, "
		    "%s, %s, seq)", t->time_column, key_value, t->name,
		    t->time_column, key_value);
}

static int db_error(store *st, struct diag *d, const char *what)
{
	return diag_add(d, DIAG_ERROR, st->path, 0, 0, "%s: %s", what,
			sqlite3_errmsg(st->db));
}

static int exec(store *st, const char *sql, struct diag *d)
{
	char *msg = NULL;

	if (sqlite3_exec(st->db, sql, NULL, NULL, &msg) != SQLITE_OK) {
		diag_add(d, DIAG_ERROR, st->path, 0, 0, "%s",
			 msg ? msg : sqlite3_errmsg(st->db));
		sqlite3_free(msg);
		return -1;
	}
	return 0;
}

/* Runs a prepared statement that returns no rows, then resets it. */
static int step_done(store *st, enum stmt_id id, struct diag *d,
		     const char *what)
{
	sqlite3_stmt *s = st->stmt[id];
	int rc = sqlite3_step(s);

	sqlite3_reset(s);
	sqlite3_clear_bindings(s);
	if (rc != SQLITE_DONE)
		return db_error(st, d, what);
	return 0;
}

/* SQLite's busy handler does not cover every lock taken while a database is
 * set up (a change of journal mode waits for no one), so set-up statements
 * are retried here, up to the same timeout. */
static int exec_waiting(store *st, const char *sql, struct diag *d)
{
	for (long waited = 0;; waited += 10) {
		int rc = sqlite3_exec(st->db, sql, NULL, NULL, NULL);
		int busy = (rc & 0xff) == SQLITE_BUSY || (rc & 0xff) == SQLITE_LOCKED;

		if (rc == SQLITE_OK)
			return 0;
		if (!busy || waited >= STORE_BUSY_TIMEOUT_MS)
			return db_error(st, d, "cannot set up the database");
		usleep(10000);
	}
}

/* What an existing file holds, told without changing it. */
enum db_kind {
	DB_EMPTY,      /* nothing yet: a zero-length file, or no schema */
	DB_OURS,       /* a cramplog database (marked, or of the schemas
			* before the mark: version 1 to 4 with our tables) */
	DB_FOREIGN     /* not SQLite, or another application's */
};

struct probe {
	enum db_kind kind;
	int version;         /* PRAGMA user_version */
	int marked;          /* cramplog's application id */
	int wal;             /* in WAL mode, as the header says */
};

/* A file: URI of path (SQLite's syntax: '%', '?' and '#' escaped) with
 * query. The caller frees it. */
static char *file_uri(const char *path, const char *query)
{
	struct strbuf sb = STRBUF_INIT;

	strbuf_addstr(&sb, path[0] == '/' ? "file://" : "file:");
	for (const char *p = path; *p; p++) {
		if (strchr("%?#", *p))
			strbuf_addf(&sb, "%%%02X", (unsigned char)*p);
		else
			strbuf_addch(&sb, *p);
	}
	strbuf_addf(&sb, "?%s", query);
	return strbuf_detach(&sb);
}

static int exists(const char *path, const char *suffix, off_t *size)
{
	struct strbuf sb = STRBUF_INIT;
	struct stat s;
	int ret;

	strbuf_addf(&sb, "%s%s", path, suffix);
	ret = stat(sb.buf, &s) == 0;

	if (ret && size)
		*size = s.st_size;
	strbuf_release(&sb);
	return ret;
}

static int foreign(const char *path, struct diag *d, uint32_t app,
		   const char *tables)
{
	if (app)
		diag_add(d, DIAG_ERROR, path, 0, 0, "not a cramplog database "
			 "(SQLite application id 0x%08" PRIx32 "%s%s): left "
			 "untouched", app, tables ? "; tables " : "",
			 tables ? tables : "");
	else
		diag_add(d, DIAG_ERROR, path, 0, 0, "not a cramplog database "
			 "(an SQLite database of another application%s%s): "
			 "left untouched", tables ? ", with tables " : "",
			 tables ? tables : "");
	return STORE_ERR_FOREIGN;
}

static int being_written(const char *path, struct diag *d)
{
	diag_add(d, DIAG_ERROR, path, 0, 0, "not a cramplog database (an "
		 "SQLite database that another program is writing): left "
		 "untouched");
	return STORE_ERR_FOREIGN;
}

static const char probe_sql[] =
	"SELECT (SELECT application_id FROM pragma_application_id),"
	" (SELECT user_version FROM pragma_user_version),"
	" (SELECT count(*) FROM sqlite_schema),"
	" (SELECT count(*) FROM sqlite_schema WHERE type = 'table' AND name IN"
	"   ('athletes', 'imports', 'training', 'hydration', 'diet')),"
	" (SELECT group_concat(name, ', ') FROM (SELECT name FROM sqlite_schema"
	"   WHERE type = 'table' ORDER BY name LIMIT 4))";

/* Opens a read-only connection to the file: URI uri, waiting for locks as
 * every connection of the store does.
 * Returns SQLite's code; *db, when not NULL, is closed by the caller. */
static int open_readonly(const char *uri, sqlite3 **db)
{
	int rc;

	*db = NULL;
	rc = sqlite3_open_v2(uri, db, SQLITE_OPEN_READONLY | SQLITE_OPEN_URI |
			     SQLITE_OPEN_NOMUTEX, NULL);
	if (rc == SQLITE_OK)
		rc = sqlite3_busy_timeout(*db, STORE_BUSY_TIMEOUT_MS);
	return rc;
}

/* The names of the first tables of the database at path, read without a
 * lock or a file (immutable): 0 with *names (freed by the caller; NULL when
 * there is no table), or -1. */
static int schema_names(const char *path, char **names)
{
	sqlite3 *db = NULL;
	sqlite3_stmt *s = NULL;
	char *uri = file_uri(path, "mode=ro&immutable=1");
	int ret = -1;

	*names = NULL;
	if (open_readonly(uri, &db) == SQLITE_OK &&
	    sqlite3_prepare_v2(db, "SELECT group_concat(name, ', ') FROM"
			       " (SELECT name FROM sqlite_schema WHERE type ="
			       " 'table' ORDER BY name LIMIT 4)", -1, &s,
			       NULL) == SQLITE_OK &&
	    sqlite3_step(s) == SQLITE_ROW) {
		const char *t = (const char *)sqlite3_column_text(s, 0);

		*names = t ? xstrdup(t) : NULL;
		ret = 0;
	}
	sqlite3_finalize(s);
	sqlite3_close(db);
	free(uri);
	return ret;
}

/* Reads the schema through a connection opened with query (mode=ro, and
 * immutable=1 or not) and tells what it is. */
static int probe_schema(const char *path, const char *query, struct probe *p,
			struct diag *d)
{
	sqlite3 *db = NULL;
	sqlite3_stmt *s = NULL;
	char *uri = file_uri(path, query);
	uint32_t app;
	int ret;

	ret = open_readonly(uri, &db);
	free(uri);
	if (ret != SQLITE_OK ||
	    sqlite3_prepare_v2(db, probe_sql, -1, &s, NULL) != SQLITE_OK ||
	    sqlite3_step(s) != SQLITE_ROW) {
		int code = db ? sqlite3_errcode(db) & 0xff : SQLITE_NOMEM;

		ret = code == SQLITE_NOTADB || code == SQLITE_CORRUPT ?
		      STORE_ERR_FOREIGN : STORE_ERR_IO;
		diag_add(d, DIAG_ERROR, path, 0, 0, "%s%s",
			 db ? sqlite3_errmsg(db) : "out of memory",
			 ret == STORE_ERR_FOREIGN ? ": left untouched" : "");
		goto done;
	}
	app = (uint32_t)sqlite3_column_int64(s, 0);
	p->version = sqlite3_column_int(s, 1);
	int objects = sqlite3_column_int(s, 2), ours = sqlite3_column_int(s, 3);
	const char *tables = (const char *)sqlite3_column_text(s, 4);

	ret = 0;
	p->marked = app == STORE_APPLICATION_ID;
	if (p->marked ||
	    (app == 0 && p->version >= 1 && p->version <= 4 && ours == 5))
		p->kind = DB_OURS;
	else if (app == 0 && p->version == 0 && objects == 0)
		p->kind = DB_EMPTY;
	else
		ret = foreign(path, d, app, tables);
done:
	sqlite3_finalize(s);
	sqlite3_close(db);
	return ret;
}

/*
 * Tells what the file at path holds without changing it or anything beside
 * it. The header (the first 100 bytes) says whether it is SQLite, whose
 * (the application id) and how large: that settles every case but two,
 * a database of the first cramplog schemas (before the mark; known by its
 * tables) and a one-page database with no mark (empty, or another
 * program's that has just begun). Those are read through SQLite: without
 * a lock (immutable, which makes no -wal or -shm file) when the file is in
 * WAL mode and no writer has it open, else read-only under SQLite's locks
 * (a reader of a rollback-mode file makes no file; of a WAL-mode one that
 * a writer has open, at most the shared-memory index beside the log).
 * Another application's database is an error that says what it is.
 */
static int probe_file(const char *path, struct probe *p, struct diag *d)
{
	unsigned char h[100];
	uint32_t app, page;
	off_t wal_size = 0;
	struct stat sb;
	int fd, hot, ret;
	ssize_t n;

	memset(p, 0, sizeof(*p));
	if ((fd = open(path, O_RDONLY | O_CLOEXEC)) < 0 || fstat(fd, &sb) < 0) {
		diag_add(d, DIAG_ERROR, path, 0, 0,
			 "cannot open the database: %s", strerror(errno));
		if (fd >= 0)
			close(fd);
		return STORE_ERR_IO;
	}
	do
		n = read(fd, h, sizeof(h));
	while (n < 0 && errno == EINTR);
	close(fd);
	if (n < 0) {
		diag_add(d, DIAG_ERROR, path, 0, 0,
			 "cannot read the database: %s", strerror(errno));
		return STORE_ERR_IO;
	}
	/* cramplog marks a file it sets up in place before it has a log,
	 * so an unmarked empty database beside a log holding pages is
	 * another program's, which has just begun writing it. */
	hot = exists(path, "-wal", &wal_size) && wal_size > 0;
	if (n == 0 && hot)
		return being_written(path, d);
	if (n == 0) {
		p->kind = DB_EMPTY;
		return 0;
	}
	if (n < (ssize_t)sizeof(h) || memcmp(h, "SQLite format 3", 16) != 0) {
		diag_add(d, DIAG_ERROR, path, 0, 0,
			 "file is not a database: left untouched");
		return STORE_ERR_FOREIGN;
	}
	p->wal = h[18] == 2;
	p->version = (int)be32(h + 60);
	app = be32(h + 68);
	page = (uint32_t)h[16] << 8 | h[17];
	page = page == 1 ? 65536 : page;
	if (app == STORE_APPLICATION_ID) {
		/* Marked at version 0, a file set up in place has one page
		 * until its schema is made; no cramplog writes a version
		 * below 0, or 0 over more pages. */
		if (p->version < 0 || (p->version == 0 && sb.st_size > (off_t)page)) {
			diag_add(d, DIAG_ERROR, path, 0, 0, "a cramplog database "
				 "with schema version %d, which no cramplog "
				 "writes (it was changed outside cramplog): left "
				 "untouched", p->version);
			return STORE_ERR_VERSION;
		}
		p->kind = DB_OURS;
		p->marked = 1;
		return 0;
	}
	if (app || (p->version == 0 && sb.st_size > (off_t)page) ||
	    p->version > 4) {
		char *names = NULL;

		/* Its tables, for the message, read without a lock or a file
		 * (a message without them when they cannot be read so). */
		if (schema_names(path, &names) < 0)
			names = NULL;
		ret = foreign(path, d, app, names);
		free(names);
		return ret;
	}
	if (p->version == 0 && hot)
		return being_written(path, d);
	if (p->wal && !exists(path, "-wal", NULL)) {
		struct diag quiet = DIAG_INIT;

		ret = probe_schema(path, "mode=ro&immutable=1", p, &quiet);
		diag_release(&quiet);
		if (ret == 0)
			return 0;
	}
	return probe_schema(path, "mode=ro", p, d);
}

static int user_version(store *st, int *version, struct diag *d)
{
	sqlite3_stmt *s;
	int rc;

	if (sqlite3_prepare_v2(st->db, "PRAGMA user_version", -1, &s, NULL))
		return db_error(st, d, "cannot read the schema version");
	rc = sqlite3_step(s);
	*version = rc == SQLITE_ROW ? sqlite3_column_int(s, 0) : 0;
	sqlite3_finalize(s);
	if (rc != SQLITE_ROW)
		return db_error(st, d, "cannot read the schema version");
	return 0;
}

static int newer_schema(store *st, int version, struct diag *d)
{
	diag_add(d, DIAG_ERROR, st->path, 0, 0, "the database has schema "
		 "version %d; this cramplog knows up to %d: use a newer "
		 "cramplog", version, STORE_SCHEMA_VERSION);
	return STORE_ERR_VERSION;
}

/* Brings the schema of a database of ours (or an empty one) up to
 * STORE_SCHEMA_VERSION, and marks it as cramplog's, in one write
 * transaction that waits its turn like every write. A reader only checks
 * that it can read the schema as it is. */
static int migrate(store *st, int readonly, struct diag *d)
{
	struct strbuf sql = STRBUF_INIT;
	int version;

	if (user_version(st, &version, d) < 0)
		return STORE_ERR_IO;
	if (version > STORE_SCHEMA_VERSION)
		return newer_schema(st, version, d);
	if (version < 0)         /* the probe refused it; never an index */
		return STORE_ERR_VERSION;
	if (readonly) {
		if (version >= STORE_SQLITE_READS_FROM)
			return 0;
		diag_add(d, DIAG_ERROR, st->path, 0, 0, "the database has "
			 "schema version %d and this cramplog reads version "
			 "%d: upgrade it first with 'cramplog upgrade' (a dry "
			 "run, or a command that only reads, never changes it)",
			 version,
			 STORE_SCHEMA_VERSION);
		return STORE_ERR_VERSION;
	}
	if (version == STORE_SCHEMA_VERSION && st->marked)
		return 0;
	if (exec_waiting(st, "BEGIN IMMEDIATE", d) < 0)
		return STORE_ERR_IO;
	/* Another process may have migrated while we waited for the lock,
	 * perhaps a newer cramplog. */
	if (user_version(st, &version, d) < 0)
		goto fail;
	if (version > STORE_SCHEMA_VERSION) {
		newer_schema(st, version, d);
		sqlite3_exec(st->db, "ROLLBACK", NULL, NULL, NULL);
		return STORE_ERR_VERSION;
	}
	st->found_version = version;
	for (; version < STORE_SCHEMA_VERSION; version++) {
		strbuf_reset(&sql);
		strbuf_addf(&sql, "%s PRAGMA user_version = %d;",
			    migrations[version], version + 1);
		if (exec(st, sql.buf, d) < 0)
			goto fail;
	}
	if (exec(st, "PRAGMA application_id = " APPLICATION_ID_SQL, d) < 0 ||
	    exec(st, "COMMIT", d) < 0)
		goto fail;
	/* A migration rewrites whole tables: fold the write-ahead log back
	 * into the database now, or every reader pays for it. */
	if (st->found_version < STORE_SCHEMA_VERSION)
		sqlite3_exec(st->db, "PRAGMA wal_checkpoint(TRUNCATE)", NULL,
			     NULL, NULL);
	strbuf_release(&sql);
	return 0;
fail:
	strbuf_release(&sql);
	sqlite3_exec(st->db, "ROLLBACK", NULL, NULL, NULL);
	return STORE_ERR_IO;
}

static int prepare(store *st, int id, const char *sql, struct diag *d)
{
	if (sqlite3_prepare_v3(st->db, sql, -1, SQLITE_PREPARE_PERSISTENT,
			       &st->stmt[id], NULL) != SQLITE_OK)
		return db_error(st, d, "cannot prepare a statement");
	return 0;
}

/* Prepares every statement a writer uses, once. */
static int prepare_all(store *st, struct diag *d)
{
	struct strbuf sql = STRBUF_INIT;
	int ret = 0;

	for (int i = 0; i < ST_FIXED && ret == 0; i++)
		ret = prepare(st, i, stmt_sql[i], d);
	for (int k = 0; k < 3 && ret == 0; k++) {
		strbuf_reset(&sql);
		build_insert(&sql, &log_tables[k]);
		ret = prepare(st, ST_INSERT + k, sql.buf, d);
		strbuf_reset(&sql);
		build_update(&sql, &log_tables[k], "IS NOT");
		if (ret == 0)
			ret = prepare(st, ST_UPDATE + k, sql.buf, d);
	}
	strbuf_release(&sql);
	return ret;
}

static int store_open_file(store **out, const char *path, int memory,
			   unsigned flags, const struct probe *p,
			   struct diag *d);

/* The directory that holds path, with a final '/' ("" for the current
 * one), or -1 when memory runs out. */
static void directory_of(const char *path, struct strbuf *dir)
{
	const char *slash = strrchr(path, '/');

	strbuf_add(dir, path, slash ? (size_t)(slash - path) + 1 : 0);
}

/* fsync()s the directory that holds path, so that a new name in it lasts. */
static void sync_directory(const char *path)
{
	struct strbuf dir = STRBUF_INIT;
	int fd;

	directory_of(path, &dir);
	strbuf_addstr(&dir, ".");
	if ((fd = open(dir.buf, O_RDONLY | O_DIRECTORY | O_CLOEXEC)) >= 0) {
		fsync(fd);
		close(fd);
	}
	strbuf_release(&dir);
}

/* How long a temporary database may go unchanged, unlocked, before it is
 * taken for the leftover of a process that died making it. */
#define STALE_SECONDS 60

/* Removes the temporary files (NAME.new-XXXXXX, with its -journal, -wal
 * and -shm) that a process killed while making the database at path left
 * behind: those no process holds locked and none changed for a minute. */
static void remove_stale_temporaries(const char *path)
{
	static const char *const suffix[] = { "-journal", "-wal", "-shm" };
	struct strbuf dir = STRBUF_INIT, name = STRBUF_INIT;
	const char *base = strrchr(path, '/') ? strrchr(path, '/') + 1 : path;
	size_t blen = strlen(base);
	struct dirent *e;
	DIR *dh;

	directory_of(path, &dir);
	strbuf_addstr(&dir, ".");
	if (!(dh = opendir(dir.buf))) {
		strbuf_release(&dir);
		return;
	}
	dir.len--;          /* back to "dir/" (or "") */
	dir.buf[dir.len] = '\0';
	while ((e = readdir(dh))) {
		struct stat sb;
		int fd;

		/* exactly NAME.new-XXXXXX */
		if (strncmp(e->d_name, base, blen) != 0 ||
		    strncmp(e->d_name + blen, ".new-", 5) != 0 ||
		    strlen(e->d_name + blen + 5) != 6)
			continue;
		strbuf_reset(&name);
		strbuf_addf(&name, "%s%s", dir.buf, e->d_name);
		if ((fd = open(name.buf, O_RDONLY | O_CLOEXEC | O_NOFOLLOW)) < 0)
			continue;
		if (fstat(fd, &sb) == 0 && S_ISREG(sb.st_mode) &&
		    sb.st_uid == geteuid() &&
		    time(NULL) - sb.st_mtime > STALE_SECONDS &&
		    flock(fd, LOCK_EX | LOCK_NB) == 0) {
			for (size_t i = 0; i < 3; i++) {
				size_t len = name.len;

				strbuf_addstr(&name, suffix[i]);
				unlink(name.buf);
				name.len = len;
				name.buf[len] = '\0';
			}
			unlink(name.buf);
		}
		close(fd);
	}
	closedir(dh);
	strbuf_release(&dir);
	strbuf_release(&name);
}

/* Makes the database at path, which did not exist: the whole schema is
 * built in a private temporary file beside it (locked with flock while it
 * is made, so that remove_stale_temporaries leaves it alone), which is
 * then linked into place only if nothing is there yet. No process ever
 * sees a database half set up, and a failure removes only the temporary
 * file, never a database another process may have opened. Returns 0 when
 * path now holds a database (ours, or one another process made first). */
static int create_database(const char *path, struct diag *d)
{
	static const struct probe empty = { DB_EMPTY, 0, 0, 0 };
	struct strbuf tmp = STRBUF_INIT;
	store *w = NULL;
	int fd, ret = STORE_ERR_IO;

	strbuf_addf(&tmp, "%s.new-XXXXXX", path);
	/* mkstemp makes the file mode 0600, private to its owner. */
	if ((fd = mkstemp(tmp.buf)) < 0) {
		diag_add(d, DIAG_ERROR, path, 0, 0,
			 "cannot create the database: %s", strerror(errno));
		strbuf_release(&tmp);
		return STORE_ERR_IO;
	}
	flock(fd, LOCK_EX);
	if (store_open_file(&w, tmp.buf, 0, 0, &empty, d) < 0)
		goto done;
	store_close(w);   /* the last connection: the WAL is folded in */
	if (link(tmp.buf, path) == 0 || errno == EEXIST)
		ret = 0;
	else if (renameat2(AT_FDCWD, tmp.buf, AT_FDCWD, path,
			   RENAME_NOREPLACE) == 0 || errno == EEXIST)
		ret = 0;   /* a file system without hard links */
	else
		diag_add(d, DIAG_ERROR, path, 0, 0,
			 "cannot create the database: %s", strerror(errno));
	if (ret == 0)
		sync_directory(path);
done:
	unlink(tmp.buf);
	close(fd);
	strbuf_release(&tmp);
	return ret;
}

int store_is_server(const char *db)
{
	return strncmp(db, "postgresql://", 13) == 0 ||
	       strncmp(db, "postgres://", 11) == 0;
}

/* A store of nothing yet, for the database at path. */
static store *store_new(const char *path)
{
	store *st = xcalloc(1, sizeof(*st));

	st->path = xstrdup(path);
	strmap_init(&st->athletes);
	strbuf_init(&st->fold);
	u64map_init(&st->athlete_team);
	strmap_init(&st->team_numbers);
	u64map_init(&st->touched_index);
	return st;
}

/* The store of the PostgreSQL database pg, whose schema had version
 * version when opened. */
static store *store_of_server(struct pgstore *pg, int version, int readonly)
{
	struct strbuf sql = STRBUF_INIT;
	store *st = store_new(pg_uri(pg));

	st->pg = pg;
	st->filename = xstrdup(pg_uri(pg));
	st->readonly = readonly;
	st->found_version = version;
	st->marked = 1;
	for (int k = 0; k < 3; k++) {
		strbuf_reset(&sql);
		build_insert(&sql, &log_tables[k]);
		st->pg_write[k] = xstrdup(sql.buf);
		strbuf_reset(&sql);
		build_update(&sql, &log_tables[k], "IS DISTINCT FROM");
		st->pg_write[3 + k] = xstrdup(sql.buf);
		strbuf_reset(&sql);
		build_columns(&sql, &log_tables[k]);
		st->pg_copy[k] = xstrdup(sql.buf);
		strbuf_reset(&sql);
		build_merge(&sql, &log_tables[k]);
		st->pg_copy[3 + k] = xstrdup(sql.buf);
	}
	strbuf_release(&sql);
	return st;
}

static int store_open_any(store **out, const char *path, unsigned flags,
			  struct diag *d);

int store_open(store **out, const char *path, unsigned flags,
	       struct diag *d)
{
	int ret = store_open_any(out, path, flags, d);

	if (ret == 0 && !(flags & (STORE_READONLY | STORE_SCRATCH)) &&
	    kept_make_pending(*out, d) < 0) {
		store_close(*out);
		*out = NULL;
		return STORE_ERR_IO;
	}
	return ret;
}

static int store_open_any(store **out, const char *path, unsigned flags,
			  struct diag *d)
{
	static const struct probe memory = { DB_EMPTY, 0, 0, 0 };
	int readonly = (flags & STORE_READONLY) != 0;
	struct pgstore *pg;
	struct probe p;
	struct stat sb;
	int ret, given = 1;

	*out = NULL;
	if (store_is_server(path)) {
		int version;

		ret = pg_open(&pg, path, flags, &version, d);
		/* A dry run on a database without our schema: nothing there
		 * to change, as for a missing file. */
		if (ret == 1)
			return store_open_file(out, path, 1, flags, &memory, d);
		if (ret == 0)
			*out = store_of_server(pg, version, readonly);
		return ret;
	}
	if (stat(path, &sb) < 0) {
		if (errno == ENOENT && (flags & STORE_SCRATCH) && !readonly)
			return store_open_file(out, path, 1, flags, &memory,
					       d);
		if (errno != ENOENT || !(flags & STORE_CREATE) || readonly) {
			diag_add(d, DIAG_ERROR, path, 0, 0,
				 "cannot open the database: %s",
				 strerror(errno));
			return STORE_ERR_IO;
		}
		remove_stale_temporaries(path);
		if ((ret = create_database(path, d)) < 0)
			return ret;
		given = 0;
	} else if (!S_ISREG(sb.st_mode)) {
		diag_add(d, DIAG_ERROR, path, 0, 0,
			 "cannot open the database: not a regular file");
		return STORE_ERR_IO;
	} else if (!readonly && !(flags & STORE_SCRATCH)) {
		remove_stale_temporaries(path);
	}
	if ((ret = probe_file(path, &p, d)) < 0)
		return ret;
	if (p.kind == DB_EMPTY && readonly) {
		diag_add(d, DIAG_ERROR, path, 0, 0, "the database is empty: "
			 "import some logs first ('cramplog import FILE...')");
		return STORE_ERR_EMPTY;
	}
	/* A dry run against an empty file: nothing there to change. */
	if (p.kind == DB_EMPTY && (flags & STORE_SCRATCH))
		return store_open_file(out, path, 1, flags, &memory, d);
	/* An empty file given (made by touch, say) is to hold health data:
	 * private before the first row, as a file made here is. */
	if (p.kind == DB_EMPTY && given && (sb.st_mode & 077) &&
	    chmod(path, S_IRUSR | S_IWUSR) < 0) {
		diag_add(d, DIAG_ERROR, path, 0, 0, "cannot make the database "
			 "private (mode 0600): %s", strerror(errno));
		return STORE_ERR_IO;
	}
	return store_open_file(out, path, 0, flags, &p, d);
}

/* How a command that only reads opens the database: read-only through
 * SQLite's locks, but without them (immutable) when no write-ahead log is
 * beside it (so no writer has it open) and SQLite would otherwise make
 * the -wal and -shm files that a reader must not leave: in a directory
 * this user may not write, or beside another user's database, where files
 * of this user's would stop the owner's next import. */
static char *reader_filename(const char *path, int wal)
{
	struct strbuf dir = STRBUF_INIT;
	struct stat sb;
	int lockless = 0;

	if (wal && !exists(path, "-wal", NULL) && stat(path, &sb) == 0) {
		lockless = sb.st_uid != geteuid();
		if (!lockless) {
			directory_of(path, &dir);
			strbuf_addstr(&dir, ".");
			lockless = access(dir.buf, W_OK) != 0;
		}
		strbuf_release(&dir);
	}
	return lockless ? file_uri(path, "mode=ro&immutable=1") :
			  file_uri(path, "mode=ro");
}

/* Opens the database at path (or, with memory, one in memory standing in
 * for it), which p says is ours or empty, sets up an empty one and
 * migrates an older schema, unless the command only reads or is a dry run
 * (STORE_SCRATCH), which change nothing. */
static int store_open_file(store **out, const char *path, int memory,
			   unsigned flags, const struct probe *p,
			   struct diag *d)
{
	int readonly = (flags & STORE_READONLY) != 0;
	int dry_run = (flags & STORE_SCRATCH) != 0;
	store *st = store_new(path);
	int ret = STORE_ERR_IO;

	st->marked = p->marked;
	st->found_version = p->version;
	st->readonly = readonly;
	st->filename = readonly ? reader_filename(path, p->wal) :
		       memory ? xstrdup(":memory:") : file_uri(path, "mode=rw");
	/* No count of SQLite's memory, which cramplog never reads: it takes
	 * a global mutex at every allocation (a few % of an import). Refused,
	 * harmlessly, once SQLite has started. */
	sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);
	if (sqlite3_open_v2(st->filename, &st->db, SQLITE_OPEN_URI |
			    SQLITE_OPEN_NOMUTEX | (readonly ?
			    SQLITE_OPEN_READONLY : SQLITE_OPEN_READWRITE),
			    NULL) != SQLITE_OK) {
		diag_add(d, DIAG_ERROR, path, 0, 0,
			 "cannot open the database: %s",
			 st->db ? sqlite3_errmsg(st->db) : "out of memory");
		goto fail;
	}
	/* SQLite opens a file it may not write read-only, silently. */
	if (!readonly && sqlite3_db_readonly(st->db, "main") == 1) {
		diag_add(d, DIAG_ERROR, path, 0, 0, "cannot open the database "
			 "for writing: %s", strerror(EACCES));
		goto fail;
	}
	sqlite3_extended_result_codes(st->db, 1);
	sqlite3_busy_timeout(st->db, STORE_BUSY_TIMEOUT_MS);
	/* A writer's page cache holds the pages its batches revisit; a
	 * reader streams the tables in key order and revisits none: 2 MiB
	 * (a million kept sessions read in 5 % less time, with 15 MiB less
	 * memory, than through 16 MiB). */
	if (exec(st, readonly ? "PRAGMA foreign_keys = ON;"
		 " PRAGMA cache_size = -2048; PRAGMA temp_store = FILE;" :
		 "PRAGMA foreign_keys = ON; PRAGMA cache_size = -16384;"
		 " PRAGMA temp_store = FILE;", d) < 0)
		goto fail;
	/* An empty file set up in place is marked first, in its rollback
	 * journal, so that no other process takes it for another program's
	 * while its schema is made in the log. */
	if (p->kind == DB_EMPTY && !readonly && !dry_run && !memory &&
	    exec_waiting(st, "PRAGMA application_id = " APPLICATION_ID_SQL,
			 d) < 0)
		goto fail;
	/* WAL is kept in the file once set: only a new database, or one of
	 * the first schemas, changes its journal here. */
	if (!readonly && !dry_run && !memory &&
	    exec_waiting(st, "PRAGMA journal_mode = WAL", d) < 0)
		goto fail;
	if (!readonly && exec(st, "PRAGMA synchronous = NORMAL", d) < 0)
		goto fail;
	if ((ret = migrate(st, readonly || (dry_run && !memory), d)) < 0)
		goto fail;
	ret = STORE_ERR_IO;
	if (!readonly && prepare_all(st, d) < 0)
		goto fail;
	*out = st;
	return 0;
fail:
	store_close(st);
	return ret;
}

/* The id of the last import st sees: 0 for none, -1 on error. */
static int64_t last_import(store *st)
{
	sqlite3_stmt *s = NULL;
	int64_t id = -1;

	if (sqlite3_prepare_v2(st->db, "SELECT coalesce(max(id), 0) FROM "
			       "imports", -1, &s, NULL) == SQLITE_OK &&
	    sqlite3_step(s) == SQLITE_ROW)
		id = sqlite3_column_int64(s, 0);
	sqlite3_finalize(s);
	return id;
}

/* Ends the read transaction store_open_reader began on st, if it did. */
static void end_reading(store *st)
{
	if (st->reading) {
		sqlite3_exec(st->db, "COMMIT", NULL, NULL, NULL);
		st->reading = 0;
	}
}

void store_close(store *st)
{
	if (!st)
		return;
	if (st->in_transaction)
		store_rollback(st);
	if (st->shares) {
		/* A reader closed ends the read transaction it began on its
		 * store (closing the store ends its own). */
		st->shares->shares = NULL;
		end_reading(st->shares);
	}
	for (int i = 0; i < ST_COUNT; i++)
		sqlite3_finalize(st->stmt[i]);
	sqlite3_finalize(st->kept_insert[0]);
	sqlite3_finalize(st->kept_insert[1]);
	for (int i = 0; i < KQ_COUNT; i++)
		sqlite3_finalize(st->kept_stmt[i]);
	sqlite3_close(st->db);
	pg_close(st->pg);
	for (int i = 0; i < 6; i++) {
		free(st->pg_write[i]);
		free(st->pg_copy[i]);
	}
	free(st->filename);
	strmap_release(&st->athletes);
	strbuf_release(&st->fold);
	u64map_release(&st->athlete_team);
	strmap_release(&st->team_numbers);
	free(st->team_key);
	free(st->path);
	kept_forget(st);
	u64map_release(&st->touched_index);
	free(st->touched);
	free(st->batch[0]);
	free(st->batch[1]);
	free(st);
}

const char *store_path(const store *st)
{
	return st->path;
}

/*
 * SQLite: Debian's library is built without SQLITE_ENABLE_SNAPSHOT, so two
 * connections cannot be given one snapshot. Both start a read transaction
 * (st's lasting until the reader closes, when st was not in one) and
 * compare the last import's id as each sees it: every write of log rows is
 * an import's transaction, which adds its imports row, and imports rows
 * are never deleted, so equal ids mean the same log rows. When they differ
 * (an import landed between the two starts, or st is writing one), there
 * is no reader, and the caller reads on st. PostgreSQL: pg_open_reader.
 */
store *store_open_reader(store *st)
{
	struct pgstore *pg;
	sqlite3 *db = NULL;
	store *r;
	char *uri;
	int64_t mine;

	if (st->shares)
		return NULL;
	if (st->pg) {
		if (!(pg = pg_open_reader(st->pg)))
			return NULL;
		r = store_of_server(pg, st->found_version, 1);
		r->shares = st;
		st->shares = r;
		return r;
	}
	if (strcmp(st->filename, ":memory:") == 0)
		return NULL;
	uri = st->readonly ? xstrdup(st->filename) :
	      file_uri(st->path, "mode=ro");
	if (open_readonly(uri, &db) != SQLITE_OK) {
		sqlite3_close(db);
		free(uri);
		return NULL;
	}
	r = store_new(st->path);
	r->db = db;
	r->filename = uri;
	r->readonly = 1;
	r->found_version = st->found_version;
	r->marked = st->marked;
	if (sqlite3_get_autocommit(st->db)) {
		if (sqlite3_exec(st->db, "BEGIN", NULL, NULL, NULL) != SQLITE_OK) {
			store_close(r);
			return NULL;
		}
		st->reading = 1;
	}
	mine = last_import(st);
	if (mine < 0 || sqlite3_exec(db, "BEGIN", NULL, NULL, NULL) !=
	    SQLITE_OK || last_import(r) != mine) {
		store_close(r);
		end_reading(st);
		return NULL;
	}
	r->shares = st;
	st->shares = r;
	return r;
}

void store_interrupt(store *st)
{
	if (st->pg)
		pg_interrupt(st->pg);
	else
		sqlite3_interrupt(st->db);
}

/*
 * Rows of a query, on either backend: the SQL below, and the store's own
 * reads further down, run unchanged on both (SQLite's ?N parameters,
 * which store_pg.c renumbers; the search path there is the schema).
 */
struct store_rows {
	store *st;
	sqlite3_stmt *s;          /* SQLite */
	struct pgrows *pg;        /* PostgreSQL */
	int kept;                 /* s is st->kept_stmt[kept - 1] (0: its
				   * own, finalized on close) */
	struct strbuf *blobs;     /* PostgreSQL: each column's bytea decoded */
	int nblobs;
};

/* The bytes of blob column col of the current row (len of them), or NULL
 * for NULL or, on PostgreSQL, a value that is not a bytea's text. */
static const unsigned char *rows_blob(const struct store_rows *cr, int col,
				      size_t *len)
{
	/* The decoding buffers are scratch space, not the rows' state: r is
	 * never made const (store_rows_open allocates it). */
	struct store_rows *r = (struct store_rows *)cr;
	const char *v;

	if (!r->pg) {
		const void *b = sqlite3_column_blob(r->s, col);

		*len = (size_t)sqlite3_column_bytes(r->s, col);
		return b ? b : *len ? NULL : (const unsigned char *)"";
	}
	*len = 0;
	if (!(v = pg_rows_value(r->pg, col)))
		return NULL;
	if (col >= r->nblobs) {
		r->blobs = xreallocarray(r->blobs, (size_t)col + 1,
					 sizeof(*r->blobs));
		for (int i = r->nblobs; i <= col; i++)
			strbuf_init(&r->blobs[i]);
		r->nblobs = col + 1;
	}
	if (pg_bytea_decode(v, &r->blobs[col]) < 0)
		return NULL;
	*len = r->blobs[col].len;
	return (const unsigned char *)r->blobs[col].buf;
}

static void bind_params(sqlite3_stmt *s, const struct store_param *p, int n)
{
	for (int i = 0; i < n; i++) {
		if (p[i].null || (p[i].type == P_REAL && isnan(p[i].r)))
			sqlite3_bind_null(s, i + 1);
		else if (p[i].type == P_INT)
			sqlite3_bind_int64(s, i + 1, p[i].i);
		else if (p[i].type == P_REAL)
			sqlite3_bind_double(s, i + 1, p[i].r);
		else if (p[i].type == P_BLOB)
			sqlite3_bind_blob(s, i + 1, p[i].s, (int)p[i].len,
					  SQLITE_STATIC);
		else
			sqlite3_bind_text(s, i + 1, p[i].s, (int)p[i].len,
					  SQLITE_STATIC);
	}
}

#define PARAM_INT(v) ((struct store_param){ .type = P_INT, .i = (v) })
#define PARAM_TEXT(v, n) \
	((struct store_param){ .type = P_TEXT, .s = (v), .len = (n) })
#define PARAM_STR(v) PARAM_TEXT((v), strlen(v))

/* Starts sql with the n parameters p: 0 and *out, or -1. */
static int rows_sql(store *st, const char *sql, const struct store_param *p,
		    int n, struct store_rows **out, struct diag *d)
{
	struct store_rows *r = xcalloc(1, sizeof(*r));

	r->st = st;
	if (st->pg) {
		if (pg_rows_open(st->pg, sql, p, n, &r->pg, d) < 0) {
			free(r);
			return -1;
		}
	} else {
		if (sqlite3_prepare_v2(st->db, sql, -1, &r->s, NULL) !=
		    SQLITE_OK) {
			db_error(st, d, "cannot read the database");
			free(r);
			return -1;
		}
		bind_params(r->s, p, n);
	}
	*out = r;
	return 0;
}

/* rows_sql of one of exposure_keep's statements (enum kept_query q): on
 * SQLite through the statement prepared once, unless it is open already. */
static int kept_rows_sql(store *st, enum kept_query q, const char *sql,
			 const struct store_param *p, int n,
			 struct store_rows **out, struct diag *d)
{
	struct store_rows *r;

	if (st->pg || st->kept_busy[q])
		return rows_sql(st, sql, p, n, out, d);
	if (!st->kept_stmt[q] &&
	    sqlite3_prepare_v3(st->db, sql, -1, SQLITE_PREPARE_PERSISTENT,
			       &st->kept_stmt[q], NULL) != SQLITE_OK)
		return db_error(st, d, "cannot read the database");
	r = xcalloc(1, sizeof(*r));
	r->st = st;
	r->s = st->kept_stmt[q];
	r->kept = (int)q + 1;
	st->kept_busy[q] = 1;
	bind_params(r->s, p, n);
	*out = r;
	return 0;
}

/* Runs r's statement, which returns no rows, and closes r: 0, or -1. */
static int exec_rows(struct store_rows *r, struct diag *d)
{
	int rc = store_rows_next(r, d);

	store_rows_close(r);
	return rc < 0 ? -1 : 0;
}

/* Runs sql, which returns no rows: 0, or -1. */
static int exec_sql(store *st, const char *sql, const struct store_param *p,
		    int n, struct diag *d)
{
	struct store_rows *r;

	if (rows_sql(st, sql, p, n, &r, d) < 0)
		return -1;
	return exec_rows(r, d);
}

/* The rows of the team whose folded name is parameter N only, or of
 * every athlete when it is NULL (store_set_team). */
#define IN_TEAM(n) "(" n " IS NULL OR athlete_id IN" \
	" (SELECT id FROM athletes WHERE team_key = " n "))"

/* The log queries' columns and order (store.h), around their WHERE. */
#define SESSIONS_FROM \
	"SELECT athlete_id, date, start_time, duration_min, rpe," \
	" pre_mass_kg, post_mass_kg, tightness, cramp, cramp_muscle," \
	" cramp_side, cramp_severity, fluid_ml, load, source," \
	" sweat_sodium_mg_l FROM training WHERE "
#define SESSIONS_ORDER " ORDER BY athlete_id, date, start_time, source, seq"
#define HYDRATION_FROM \
	"SELECT athlete_id, date, time, coalesce(fluid_ml, -1)," \
	" coalesce(sodium_mg, -1), coalesce(potassium_mg, -1)," \
	" coalesce(urine_color, -1), coalesce(usg, -1)," \
	" coalesce(body_mass_kg, -1) FROM hydration WHERE "
#define DIET_FROM \
	"SELECT athlete_id, date, coalesce(fluid_ml, -1)," \
	" coalesce(sodium_mg, -1), coalesce(potassium_mg, -1)," \
	" coalesce(carbs_g, -1)," \
	" CASE WHEN energy_kcal >= 100 THEN 1 ELSE 0 END FROM diet WHERE "
#define INTAKE_ORDER " ORDER BY athlete_id, date, time, source, seq"
#define ANY_ATHLETE "(?1 IS NULL OR athlete_id = ?1) AND " IN_TEAM("?2")
#define ATHLETE_SINCE "athlete_id = ?1 AND date >= ?2"

/* With ?1 an athlete's id, or NULL for every athlete, and ?2 the team.
 * Each table is read in its primary key's order (no sort); see store.h
 * for the columns. */
static const char *const query_sql[STORE_Q_COUNT] = {
	[STORE_Q_SESSIONS] = SESSIONS_FROM ANY_ATHLETE SESSIONS_ORDER,
	[STORE_Q_HYDRATION] = HYDRATION_FROM ANY_ATHLETE INTAKE_ORDER,
	[STORE_Q_DIET] = DIET_FROM ANY_ATHLETE INTAKE_ORDER,
	[STORE_Q_ATHLETE] = "SELECT name FROM athletes WHERE id = ?1"
			    " AND (?2 IS NULL OR team_key = ?2)",
};

/* With ?1 an athlete's id and ?2 a date (store_rows_since): whatever
 * the reads' team, for the kept exposures are everyone's. */
static const char *const since_sql[STORE_Q_COUNT] = {
	[STORE_Q_SESSIONS] = SESSIONS_FROM ATHLETE_SINCE SESSIONS_ORDER,
	[STORE_Q_HYDRATION] = HYDRATION_FROM ATHLETE_SINCE INTAKE_ORDER,
	[STORE_Q_DIET] = DIET_FROM ATHLETE_SINCE INTAKE_ORDER,
	[STORE_Q_ATHLETE] = "SELECT name FROM athletes WHERE id = ?1"
			    " AND ?2 IS NOT NULL",
};

/* The team's parameter: its folded name, or NULL. */
static struct store_param team_param(const store *st)
{
	struct store_param p = PARAM_TEXT(st->team_key, 0);

	p.null = !st->team_key;
	if (st->team_key)
		p.len = strlen(st->team_key);
	return p;
}

int store_rows_open(store *st, enum store_query q, int64_t athlete_id,
		    struct store_rows **out, struct diag *d)
{
	struct store_param p[2] = { PARAM_INT(athlete_id), team_param(st) };

	p[0].null = athlete_id == 0;
	return rows_sql(st, query_sql[q], p, 2, out, d);
}

int store_rows_since(store *st, enum store_query q, int64_t athlete_id,
		     const char *since, struct store_rows **out,
		     struct diag *d)
{
	struct store_param p[2] = { PARAM_INT(athlete_id), PARAM_STR(since) };

	return kept_rows_sql(st, KQ_SINCE_SESSIONS + (int)q, since_sql[q], p,
			     2, out, d);
}

int store_rows_next(struct store_rows *r, struct diag *d)
{
	int rc;

	if (r->pg)
		return pg_rows_next(r->pg, d);
	rc = sqlite3_step(r->s);
	if (rc == SQLITE_ROW)
		return 1;
	if (rc == SQLITE_DONE)
		return 0;
	return db_error(r->st, d, "cannot read the database");
}

int64_t store_rows_int(const struct store_rows *r, int col)
{
	const char *v;

	if (!r->pg)
		return sqlite3_column_int64(r->s, col);
	v = pg_rows_value(r->pg, col);
	return v ? strtoll(v, NULL, 10) : 0;
}

double store_rows_double(const struct store_rows *r, int col)
{
	const char *v;

	if (!r->pg)
		return sqlite3_column_double(r->s, col);
	v = pg_rows_value(r->pg, col);
	return v ? strtod(v, NULL) : 0;
}

double store_rows_real(const struct store_rows *r, int col)
{
	const char *v;

	if (!r->pg) {
		/* One call into SQLite, not two (column_type and then
		 * column_double): a million sessions' values read 20 %
		 * faster. The connection is opened SQLITE_OPEN_NOMUTEX, so
		 * column_value's unprotected value is as good as a protected
		 * one (SQLite's "Dynamically Typed Value Object"). */
		sqlite3_value *x = sqlite3_column_value(r->s, col);

		return sqlite3_value_type(x) == SQLITE_NULL ? NAN :
		       sqlite3_value_double(x);
	}
	v = pg_rows_value(r->pg, col);
	return v ? strtod(v, NULL) : NAN;
}

const char *store_rows_text(const struct store_rows *r, int col)
{
	if (!r->pg)
		return (const char *)sqlite3_column_text(r->s, col);
	return pg_rows_value(r->pg, col);
}

void store_rows_close(struct store_rows *r)
{
	if (!r)
		return;
	if (r->kept) {
		sqlite3_reset(r->s);
		sqlite3_clear_bindings(r->s);
		r->st->kept_busy[r->kept - 1] = 0;
		r->s = NULL;
	}
	sqlite3_finalize(r->s);
	pg_rows_close(r->pg);
	for (int i = 0; i < r->nblobs; i++)
		strbuf_release(&r->blobs[i]);
	free(r->blobs);
	free(r);
}

/* Runs sql (with ?1 the athlete id, ?2 text, ?3 an integer) and gives the
 * first column of its first row as a double: 1, 0 when there is no row or
 * it is NULL, -1 on a database error. */
static int query_double(store *st, const char *sql, int64_t athlete,
			const char *text, int64_t n, double *out,
			struct diag *d)
{
	struct store_param p[3] = { PARAM_INT(athlete),
				    PARAM_STR(text ? text : ""), PARAM_INT(n) };
	struct store_rows *r;
	int rc;

	p[1].null = !text;
	if (rows_sql(st, sql, p, 3, &r, d) < 0)
		return -1;
	rc = store_rows_next(r, d);
	if (rc == 1 && !isnan(store_rows_real(r, 0)))
		*out = store_rows_real(r, 0);
	else if (rc == 1)
		rc = 0;
	store_rows_close(r);
	return rc;
}

int store_app_units(store *st, const char *athlete, const char *format,
		    int *imperial, struct diag *d)
{
	int64_t id;
	double v;
	int rc;

	if (store_find_athlete(st, athlete, strlen(athlete), &id, d) < 0)
		return -1;
	if (id == 0)
		return 0;
	rc = query_double(st, "SELECT CASE WHEN units = 'imperial' THEN 1 "
			  "ELSE 0 END FROM app_units WHERE athlete_id = ?1 "
			  "AND format = ?2", id, format, 0, &v, d);
	if (rc == 1)
		*imperial = v != 0;
	return rc;
}

int store_set_app_units(store *st, const char *athlete, const char *format,
			int imperial, struct diag *d)
{
	struct store_param p[3];
	int64_t id;

	if (store_athlete(st, athlete, strlen(athlete), &id, d) < 0)
		return -1;
	p[0] = PARAM_INT(id);
	p[1] = PARAM_STR(format);
	p[2] = PARAM_STR(imperial ? "imperial" : "metric");
	return exec_sql(st, "INSERT INTO app_units(athlete_id, format, units) "
			"VALUES (?1, ?2, ?3) ON CONFLICT (athlete_id, format) "
			"DO UPDATE SET units = excluded.units", p, 3, d);
}

int store_usual_body_mass(store *st, const char *athlete, int64_t import_id,
			  double *kg, struct diag *d)
{
	int64_t id;

	if (store_find_athlete(st, athlete, strlen(athlete), &id, d) < 0)
		return -1;
	if (id == 0)
		return 0;
	return query_double(st, "SELECT avg(v) FROM ("
			    "SELECT body_mass_kg AS v FROM hydration WHERE"
			    " athlete_id = ?1 AND import_id <> ?3 AND"
			    " body_mass_kg IS NOT NULL UNION ALL "
			    "SELECT pre_mass_kg FROM training WHERE"
			    " athlete_id = ?1 AND import_id <> ?3 AND"
			    " pre_mass_kg IS NOT NULL) AS u", id, NULL, import_id,
			    kg, d);
}

int store_found_version(const store *st)
{
	return st->found_version;
}

/* Forgets the teams given (put_teams). */
static void forget_teams(store *st)
{
	u64map_release(&st->athlete_team);
	u64map_init(&st->athlete_team);
	strmap_clear(&st->team_numbers);
}

int store_begin(store *st, struct diag *d)
{
	if (st->pg ? pg_begin(st->pg, d) < 0 :
	    step_done(st, ST_BEGIN, d, "cannot start a transaction") < 0)
		return -1;
	st->in_transaction = 1;
	/* Another writer may have given teams since the last one. */
	forget_teams(st);
	return 0;
}

/* Before it commits, a transaction brings the kept exposures of what it
 * changed up to date (store.h). */
static int kept_bring_up(store *st, struct diag *d);

int store_commit(store *st, struct diag *d)
{
	if (kept_bring_up(st, d) < 0 ||
	    (st->pg ? pg_commit(st->pg, d) < 0 :
	    step_done(st, ST_COMMIT, d, "cannot commit") < 0)) {
		store_rollback(st);
		return -1;
	}
	st->in_transaction = 0;
	return 0;
}

void store_rollback(store *st)
{
	sqlite3_stmt *s = st->stmt[ST_ROLLBACK];

	/* Athletes added in the transaction are gone with it, and so are
	 * the teams given. */
	strmap_clear(&st->athletes);
	forget_teams(st);
	kept_forget(st);
	if (st->pg)
		pg_rollback(st->pg);
	else if (sqlite3_get_autocommit(st->db) == 0) {
		sqlite3_step(s);
		sqlite3_reset(s);
	}
	st->in_transaction = 0;
}

/* "YYYY-MM-DDTHH:MM:SSZ", now, for PostgreSQL (SQLite's statements ask
 * SQLite). */
static void now_utc(char out[21])
{
	time_t t = time(NULL);
	struct tm tm;

	if (!gmtime_r(&t, &tm) ||
	    strftime(out, 21, "%Y-%m-%dT%H:%M:%SZ", &tm) != 20)
		memcpy(out, "1970-01-01T00:00:00Z", 21);
}

/* Runs sql, which adds a row, on PostgreSQL, with the text parameters p
 * and the time now after them, giving the id it returns. */
static int add_returning_id(store *st, const char *sql,
			    struct store_param *p, int n, int64_t *id,
			    struct diag *d)
{
	struct store_rows *r;
	char now[21];
	int rc;

	now_utc(now);
	p[n] = PARAM_STR(now);
	if (rows_sql(st, sql, p, n + 1, &r, d) < 0)
		return -1;
	if ((rc = store_rows_next(r, d)) == 1)
		*id = store_rows_int(r, 0);
	store_rows_close(r);
	return rc == 1 ? 0 : -1;
}

/* Ids as SQLite gives rowids (the largest + 1; writers take turns). */
static const char pg_import_start_sql[] =
	"INSERT INTO imports(id, file, kind, imported_at) VALUES"
	" (cramplog.next_import_id(), ?1, ?2, ?3) RETURNING id";
/* An athlete is added by a function of the schema's (store_pg.c): a role
 * that may write some teams only sees no other athlete. */
static const char pg_athlete_add_sql[] =
	"SELECT cramplog.add_athlete(?1, ?2, ?3)";

/* Appends s to out with U+FFFD for each byte that is not UTF-8. */
static void add_utf8_replaced(struct strbuf *out, const char *s)
{
	size_t len = strlen(s), at;

	for (;;) {
		at = text_utf8_check(s, len);
		strbuf_add(out, s, at);
		if (at == len)
			return;
		strbuf_addstr(out, "\xef\xbf\xbd");
		s += at + 1;
		len -= at + 1;
	}
}

int store_import_start(store *st, const char *file, enum log_kind kind,
		       int64_t *import_id, struct diag *d)
{
	sqlite3_stmt *s = st->stmt[ST_IMPORT_START];

	if (st->pg) {
		/* PostgreSQL's text is UTF-8 only: a file name that is not
		 * (a Latin-1 name) is recorded as JSON shows it. */
		struct strbuf name = STRBUF_INIT;
		struct store_param p[3]; /* and the time */
		int rc;

		add_utf8_replaced(&name, file);
		p[0] = PARAM_STR(name.buf);
		p[1] = PARAM_STR(model_kind_name(kind));
		rc = add_returning_id(st, pg_import_start_sql, p, 2,
				      import_id, d);
		strbuf_release(&name);
		return rc;
	}

	sqlite3_bind_text(s, 1, file, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 2, model_kind_name(kind), -1, SQLITE_STATIC);
	if (step_done(st, ST_IMPORT_START, d, "cannot record the import") < 0)
		return -1;
	*import_id = sqlite3_last_insert_rowid(st->db);
	return 0;
}

int store_import_finish(store *st, int64_t import_id,
			const struct import_counts *c, struct diag *d)
{
	sqlite3_stmt *s = st->stmt[ST_IMPORT_FINISH];

	if (st->pg) {
		struct store_param p[6] = {
			PARAM_INT(import_id), PARAM_INT((int64_t)c->rows),
			PARAM_INT((int64_t)c->added),
			PARAM_INT((int64_t)c->updated),
			PARAM_INT((int64_t)c->unchanged),
			PARAM_INT((int64_t)c->rejected) };

		return exec_sql(st, stmt_sql[ST_IMPORT_FINISH], p, 6, d);
	}
	sqlite3_bind_int64(s, 1, import_id);
	sqlite3_bind_int64(s, 2, (sqlite3_int64)c->rows);
	sqlite3_bind_int64(s, 3, (sqlite3_int64)c->added);
	sqlite3_bind_int64(s, 4, (sqlite3_int64)c->updated);
	sqlite3_bind_int64(s, 5, (sqlite3_int64)c->unchanged);
	sqlite3_bind_int64(s, 6, (sqlite3_int64)c->rejected);
	return step_done(st, ST_IMPORT_FINISH, d, "cannot record the import");
}

int store_athlete(store *st, const char *name, size_t len, int64_t *id,
		  struct diag *d)
{
	sqlite3_stmt *get = st->stmt[ST_ATHLETE_GET];
	sqlite3_stmt *add = st->stmt[ST_ATHLETE_ADD];
	int rc;

	if (strmap_get(&st->athletes, name, len, id))
		return 0;
	strbuf_reset(&st->fold);
	text_casefold(name, len, &st->fold);
	if (st->pg) {
		struct store_param p[3] = {
			PARAM_TEXT(name, len),
			PARAM_TEXT(st->fold.buf, st->fold.len) };

		if (store_find_athlete(st, name, len, id, d) < 0 ||
		    (*id == 0 && add_returning_id(st, pg_athlete_add_sql, p, 2,
						  id, d) < 0))
			return -1;
		goto cache;
	}
	sqlite3_bind_text(get, 1, st->fold.buf, (int)st->fold.len,
			  SQLITE_STATIC);
	rc = sqlite3_step(get);
	if (rc == SQLITE_ROW)
		*id = sqlite3_column_int64(get, 0);
	sqlite3_reset(get);
	sqlite3_clear_bindings(get);
	if (rc == SQLITE_DONE) {
		sqlite3_bind_text(add, 1, name, (int)len, SQLITE_STATIC);
		sqlite3_bind_text(add, 2, st->fold.buf, (int)st->fold.len,
				  SQLITE_STATIC);
		if (step_done(st, ST_ATHLETE_ADD, d, "cannot add an athlete") < 0)
			return -1;
		*id = sqlite3_last_insert_rowid(st->db);
	} else if (rc != SQLITE_ROW) {
		return db_error(st, d, "cannot look up an athlete");
	}
cache:
	/* A cache, not a record: bounded, so that a file of a million
	 * athletes does not hold them all (the database still has them). */
	if (st->athletes.count >= STORE_ATHLETE_CACHE)
		strmap_clear(&st->athletes);
	strmap_put(&st->athletes, name, len, *id);
	return 0;
}

int store_athletes(store *st, const char *const *names, size_t n,
		   int64_t *ids, struct diag *d)
{
	struct strbuf folded = STRBUF_INIT;
	const char **keys;
	size_t *at;
	char now[21];
	int rc;

	if (!st->pg || n == 0) {
		for (size_t i = 0; i < n; i++)
			if (store_athlete(st, names[i], strlen(names[i]),
					  &ids[i], d) < 0)
				return -1;
		return 0;
	}
	/* On PostgreSQL one statement for them all (a round trip each
	 * made 200,000 new athletes take minutes). */
	keys = xreallocarray(NULL, n, sizeof(*keys));
	at = xreallocarray(NULL, n, sizeof(*at));
	for (size_t i = 0; i < n; i++) {
		at[i] = folded.len;
		text_casefold(names[i], strlen(names[i]), &folded);
		strbuf_addch(&folded, '\0');
	}
	for (size_t i = 0; i < n; i++)
		keys[i] = folded.buf + at[i];
	now_utc(now);
	rc = pg_athletes(st->pg, names, keys, n, st->team_key, now, ids, d);
	free(keys);
	free(at);
	strbuf_release(&folded);
	return rc;
}

int store_find_athlete(store *st, const char *name, size_t len, int64_t *id,
		       struct diag *d)
{
	struct strbuf key = STRBUF_INIT;
	struct store_param p[2];
	struct store_rows *r;
	int rc = -1;

	*id = 0;
	text_casefold(name, len, &key);
	p[0] = PARAM_TEXT(key.buf, key.len);
	p[1] = team_param(st);
	if (rows_sql(st, "SELECT id FROM athletes WHERE name_key = ?1 AND"
		     " (?2 IS NULL OR team_key = ?2)", p, 2, &r, d) == 0) {
		if ((rc = store_rows_next(r, d)) == 1)
			*id = store_rows_int(r, 0);
		store_rows_close(r);
	}
	strbuf_release(&key);
	return rc < 0 ? -1 : 0;
}

struct sqlite3 *store_sqlite(store *st)
{
	return st->db;
}

/* A row's values as parameters 5 on (p[4] on), in the log tables' order
 * of columns. */
static struct store_param param_real(double v)
{
	return (struct store_param){ .type = P_REAL, .r = v };
}

static struct store_param param_text(const char *v)
{
	return (struct store_param){ .type = P_TEXT, .s = v,
				     .len = v ? strlen(v) : 0, .null = !v };
}

/* An integer column held in a double, NAN for NULL. */
static struct store_param param_whole(double v)
{
	return (struct store_param){ .type = P_INT, .i = isnan(v) ? 0 :
				     (int64_t)v, .null = isnan(v) };
}

static void training_params(struct store_param *p, const void *row)
{
	const struct training_row *r = row;

	p[4] = param_text(r->session);
	p[5] = param_real(r->duration_min);
	p[6] = param_real(r->rpe);
	p[7] = param_real(r->distance_km);
	p[8] = param_real(r->pre_mass_kg);
	p[9] = param_real(r->post_mass_kg);
	p[10] = param_real(r->fluid_ml);
	p[11] = param_real(r->temp_c);
	p[12] = param_real(r->tightness);
	p[13] = PARAM_INT(r->cramp != 0);
	p[14] = param_text(r->cramp_muscle);
	p[15] = param_text(model_side_name(r->cramp_side));
	p[16] = param_real(r->cramp_severity);
	p[17] = param_text(r->notes);
	p[18] = param_real(r->load);
	p[19] = param_real(r->energy_kcal);
	p[20] = param_real(r->avg_hr);
	p[21] = param_text(r->source ? r->source : "native");
	p[22] = param_text(r->utc_start[0] ? r->utc_start : NULL);
	p[23] = param_real(r->sweat_sodium_mg_l);
}

static void hydration_params(struct store_param *p, const void *row)
{
	const struct hydration_row *r = row;

	p[4] = param_real(r->fluid_ml);
	p[5] = param_real(r->sodium_mg);
	p[6] = param_real(r->potassium_mg);
	p[7] = param_whole(r->urine_color);
	p[8] = param_real(r->usg);
	p[9] = param_real(r->body_mass_kg);
	p[10] = param_whole(r->soreness);
	p[11] = param_real(r->sleep_h);
	p[12] = param_text(r->source ? r->source : "native");
}

static void diet_params(struct store_param *p, const void *row)
{
	const struct diet_row *r = row;

	p[4] = param_text(r->meal);
	p[5] = param_real(r->energy_kcal);
	p[6] = param_real(r->carbs_g);
	p[7] = param_real(r->protein_g);
	p[8] = param_real(r->fat_g);
	p[9] = param_real(r->sodium_mg);
	p[10] = param_real(r->potassium_mg);
	p[11] = param_real(r->fluid_ml);
	p[12] = param_text(r->source ? r->source : "native");
}

/* The most parameters of a row write: the key, the values, the import. */
#define ROW_PARAMS 32

/* Runs statement id with the row's parameters p; *changed says whether it
 * wrote a row. */
static int run_write(store *st, int id, const struct store_param *p, int n,
		     int *changed, struct diag *d)
{
	sqlite3_stmt *s = st->stmt[id];
	int rc;

	bind_params(s, p, n);
	rc = sqlite3_step(s);
	if (rc != SQLITE_DONE) {
		db_error(st, d, "cannot write a row");
		sqlite3_reset(s);
		return -1;
	}
	*changed = sqlite3_changes(st->db) > 0;
	sqlite3_reset(s);
	return 0;
}

/* Fills p with a row's parameters (key, values, import): their count. */
static int row_params(struct store_param *p, int table, int64_t import_id,
		      int64_t athlete_id, const char *date, const char *time,
		      unsigned seq,
		      void (*params)(struct store_param *, const void *),
		      const void *row)
{
	int n = log_tables[table].ncolumns + 5;

	p[0] = PARAM_INT(athlete_id);
	p[1] = PARAM_TEXT(date, 10);
	p[2] = PARAM_STR(time);
	p[3] = PARAM_INT(seq);
	params(p, row);
	p[n - 1] = PARAM_INT(import_id);
	return n;
}

static int put(store *st, int table, int64_t import_id, int64_t athlete_id,
	       const char *date, const char *time, unsigned seq,
	       void (*params)(struct store_param *, const void *),
	       const void *row, enum store_outcome *outcome, struct diag *d)
{
	struct store_param p[ROW_PARAMS];
	int n = row_params(p, table, import_id, athlete_id, date, time, seq,
			   params, row), changed;

	if (st->pg) {
		if (pg_put(st->pg, table, st->pg_write[table],
			   st->pg_write[3 + table], p, n, &changed, d) < 0)
			return -1;
		*outcome = changed == 2 ? STORE_ADDED : changed ? STORE_UPDATED :
			   STORE_UNCHANGED;
	} else {
		if (run_write(st, ST_INSERT + table, p, n, &changed, d) < 0)
			return -1;
		*outcome = STORE_ADDED;
		if (!changed) {
			if (run_write(st, ST_UPDATE + table, p, n, &changed,
				      d) < 0)
				return -1;
			*outcome = changed ? STORE_UPDATED : STORE_UNCHANGED;
		}
	}
	if (*outcome != STORE_UNCHANGED)
		kept_touch(st, athlete_id, date, table == 0);
	if (st->ntouched >= KEPT_TOUCH_MAX && kept_spill(st, d) < 0)
		return -1;
	return 0;
}

/* Runs the fixed statement id with its n parameters p into *q, which
 * points to the caller's zeroed rows (.st set): on SQLite the store's
 * prepared statement, on PostgreSQL a query of its text. 0 or -1;
 * fixed_rows_close after. */
static int fixed_rows_open(store *st, int id, const struct store_param *p,
			   int n, struct store_rows **q, struct diag *d)
{
	if (st->pg)
		return rows_sql(st, stmt_sql[id], p, n, q, d);
	/* The store's prepared statement, reset after. */
	(*q)->s = st->stmt[id];
	bind_params((*q)->s, p, n);
	return 0;
}

static void fixed_rows_close(store *st, struct store_rows *q)
{
	if (st->pg)
		store_rows_close(q);
	else
		sqlite3_reset(q->s);
}

/* The key of the row that already holds the activity that started at
 * r->utc_start: 1 and *date, *time, *seq; 0 when there is none. */
static int find_utc(store *st, int64_t athlete_id,
		    const struct training_row *r, model_date date,
		    model_time time, unsigned *seq, struct diag *d)
{
	struct store_param p[3] = {
		PARAM_INT(athlete_id), param_text(r->source ? r->source : "native"),
		PARAM_STR(r->utc_start) };
	struct store_rows mine = { .st = st }, *q = &mine;
	const char *t, *u;
	int rc;

	if (fixed_rows_open(st, ST_TRAINING_BY_UTC, p, 3, &q, d) < 0)
		return -1;
	if ((rc = store_rows_next(q, d)) == 1) {
		t = store_rows_text(q, 0);
		u = store_rows_text(q, 1);
		if (!t || !u || strlen(t) != 10 || strlen(u) > 8) {
			rc = diag_error(d, "%s: a training row with a bad key",
					st->path);
		} else {
			memcpy(date, t, 11);
			memcpy(time, u, strlen(u) + 1);
			*seq = (unsigned)store_rows_int(q, 2);
		}
	}
	fixed_rows_close(st, q);
	return rc;
}

/* 1 when the row at r's key with *seq holds an activity of another UTC
 * start (stored under another time zone), whose key r must not take; 0
 * when the key is free or holds no UTC start; -1 on an error. */
static int key_taken(store *st, int64_t athlete_id,
		     const struct training_row *r, unsigned seq,
		     struct diag *d)
{
	struct store_param p[5] = {
		PARAM_INT(athlete_id), PARAM_STR(r->date), PARAM_STR(r->start_time),
		param_text(r->source ? r->source : "native"),
		PARAM_INT((int64_t)seq) };
	struct store_rows mine = { .st = st }, *q = &mine;
	const char *u;
	int rc;

	if (fixed_rows_open(st, ST_TRAINING_KEY_UTC, p, 5, &q, d) < 0)
		return -1;
	if ((rc = store_rows_next(q, d)) == 1) {
		u = store_rows_text(q, 0);
		rc = u && *u && strcmp(u, r->utc_start) != 0;
	}
	fixed_rows_close(st, q);
	return rc;
}

int store_put_training(store *st, int64_t import_id, int64_t athlete_id,
		       const struct training_row *r, unsigned seq,
		       enum store_outcome *outcome, struct diag *d)
{
	model_date date;
	model_time time;
	int found = 0, taken;

	/* An activity dated in UTC keeps the key it was first stored under,
	 * whatever the zone of a later import; a new one never takes the
	 * key of another (first stored under another zone, its local time
	 * the same as this one's): its seq goes past them. */
	if (r->utc_start[0] &&
	    (found = find_utc(st, athlete_id, r, date, time, &seq, d)) < 0)
		return -1;
	while (r->utc_start[0] && !found &&
	       (taken = key_taken(st, athlete_id, r, seq, d)) != 0) {
		if (taken < 0)
			return -1;
		seq++;
	}
	return put(st, 0, import_id, athlete_id, found ? date : r->date,
		   found ? time : r->start_time, seq, training_params, r,
		   outcome, d);
}

int store_put_hydration(store *st, int64_t import_id, int64_t athlete_id,
			const struct hydration_row *r, unsigned seq,
			enum store_outcome *outcome, struct diag *d)
{
	return put(st, 1, import_id, athlete_id, r->date, r->time, seq,
		   hydration_params, r, outcome, d);
}

int store_put_diet(store *st, int64_t import_id, int64_t athlete_id,
		   const struct diet_row *r, unsigned seq,
		   enum store_outcome *outcome, struct diag *d)
{
	return put(st, 2, import_id, athlete_id, r->date, r->time, seq,
		   diet_params, r, outcome, d);
}

static const char *row_date(int table, const void *row)
{
	return table == 0 ? ((const struct training_row *)row)->date :
	       table == 1 ? ((const struct hydration_row *)row)->date :
	       ((const struct diet_row *)row)->date;
}

static const char *row_time(int table, const void *row)
{
	return table == 0 ? ((const struct training_row *)row)->start_time :
	       table == 1 ? ((const struct hydration_row *)row)->time :
	       ((const struct diet_row *)row)->time;
}

/* 1 when no stored row of table has the key of one of rows (checked on
 * the span of each athlete's dates and times), 0 when one may, -1 on an
 * error. Writers take turns (pg_begin's lock): none is added meanwhile.
 * (A role under row-level security may not see every row, but COPY into
 * the table is refused to it: its rows are merged whatever this says.) */
static int keys_free(store *st, int table, const struct store_row *rows,
		     size_t n, struct diag *d)
{
	struct pg_key_span *spans = xcalloc(n ? n : 1, sizeof(*spans));
	size_t k = 0;
	int rc;

	/* Rows come in key order: an athlete's in a run, first to last. */
	for (size_t i = 0; i < n; i++) {
		const char *date = row_date(table, rows[i].row);
		const char *time = row_time(table, rows[i].row);

		if (k == 0 || spans[k - 1].athlete_id != rows[i].athlete_id) {
			spans[k].athlete_id = rows[i].athlete_id;
			spans[k].first_date = date;
			spans[k++].first_time = time;
		}
		spans[k - 1].last_date = date;
		spans[k - 1].last_time = time;
	}
	rc = n ? pg_keys_free(st->pg, log_tables[table].name,
			      log_tables[table].time_column, spans, k, d) : 0;
	free(spans);
	return rc;
}

/* Writes rows to PostgreSQL in bulk (store_put_rows): 0, -1, or 1 when
 * they must be written one by one (nothing written). */
static int put_bulk(store *st, int table, int64_t import_id,
		    const struct store_row *rows, size_t n,
		    enum store_outcome *outcomes, struct diag *d)
{
	static void (*const params[3])(struct store_param *, const void *) = {
		training_params, hydration_params, diet_params };
	struct store_param p[ROW_PARAMS];
	int *changed;
	int rc = 0;

	/* An activity dated in UTC may take the key of a row stored before:
	 * looked up row by row (no query runs while a COPY does). */
	for (size_t i = 0; table == 0 && i < n; i++)
		if (((const struct training_row *)rows[i].row)->utc_start[0])
			return 1;
	if ((rc = keys_free(st, table, rows, n, d)) < 0 ||
	    pg_copy_begin(st->pg, log_tables[table].name,
			  st->pg_copy[table], rc, d) < 0)
		return -1;
	rc = 0;
	for (size_t i = 0; i < n && rc == 0; i++) {
		int np = row_params(p, table, import_id, rows[i].athlete_id,
				    row_date(table, rows[i].row),
				    row_time(table, rows[i].row),
				    rows[i].seq, params[table], rows[i].row);

		rc = pg_copy_row(st->pg, p, np, i, d);
	}
	changed = xcalloc(n ? n : 1, sizeof(*changed));
	if (rc == 0)
		rc = pg_copy_merge(st->pg, st->pg_copy[3 + table], changed, n, d);
	for (size_t i = 0; rc == 0 && i < n; i++) {
		outcomes[i] = changed[i] == 2 ? STORE_ADDED :
			      changed[i] ? STORE_UPDATED : STORE_UNCHANGED;
		if (changed[i])
			kept_touch(st, rows[i].athlete_id,
				   row_date(table, rows[i].row), table == 0);
		if (st->ntouched >= KEPT_TOUCH_MAX && kept_spill(st, d) < 0)
			rc = -1;
	}
	free(changed);
	return rc;
}

/* The team a row gives its athlete, or NULL. */
static const char *row_team(enum log_kind kind, const void *row)
{
	switch (kind) {
	case KIND_TRAINING: return ((const struct training_row *)row)->team;
	case KIND_HYDRATION: return ((const struct hydration_row *)row)->team;
	default: return ((const struct diet_row *)row)->team;
	}
}

/* Whether athlete was given team (of len bytes) in this transaction;
 * notes that it is now. */
static int team_given(store *st, int64_t athlete, const char *team,
		      size_t len)
{
	int64_t number;
	uint64_t *given;

	if (st->athlete_team.count >= STORE_ATHLETE_CACHE ||
	    st->team_numbers.count >= STORE_ATHLETE_CACHE)
		forget_teams(st);
	if (!strmap_get(&st->team_numbers, team, len, &number)) {
		number = (int64_t)st->team_numbers.count + 1;
		strmap_put(&st->team_numbers, team, len, number);
	}
	given = u64map_slot(&st->athlete_team, (uint64_t)athlete);
	if (*given == (uint64_t)number)
		return 1;
	*given = (uint64_t)number;
	return 0;
}

/* Gives each row's athlete the team the row names, when it names one:
 * an athlete's team is the one given last. Each athlete's team is
 * remembered for the transaction (team_given), so that an athlete's
 * rows set it once unless they change it. On PostgreSQL a batch's teams
 * go in one statement (pg_set_teams). */
static int put_teams(store *st, enum log_kind kind,
		     const struct store_row *rows, size_t n, struct diag *d)
{
	struct strbuf texts = STRBUF_INIT;   /* team, key (NUL after each) */
	size_t *at = NULL, given = 0;
	int64_t *ids = NULL;
	int rc = 0;

	if (st->pg && n) {
		ids = xreallocarray(NULL, n, sizeof(*ids));
		at = xreallocarray(NULL, n, sizeof(*at));
	}

	for (size_t i = 0; i < n && rc == 0; i++) {
		const char *team = row_team(kind, rows[i].row);
		size_t len, start = texts.len;

		if (!team)
			continue;
		len = strlen(team);
		text_trim(&team, &len);
		if (!len || team_given(st, rows[i].athlete_id, team, len))
			continue;
		strbuf_add(&texts, team, len);
		strbuf_addch(&texts, '\0');
		text_casefold(team, len, &texts);
		strbuf_addch(&texts, '\0');
		if (st->pg) {
			ids[given] = rows[i].athlete_id;
			at[given++] = start;
		} else {
			const char *key = texts.buf + len + 1;
			struct store_param p[3] = {
				PARAM_INT(rows[i].athlete_id),
				PARAM_TEXT(team, len), PARAM_STR(key)
			};

			rc = exec_sql(st, "UPDATE athletes SET team = ?2,"
				      " team_key = ?3 WHERE id = ?1 AND"
				      " (team IS NULL OR team <> ?2)", p, 3, d);
			strbuf_reset(&texts);
		}
	}
	if (rc == 0 && given) {
		const char **teams = xreallocarray(NULL, given, sizeof(*teams));
		const char **keys = xreallocarray(NULL, given, sizeof(*keys));

		for (size_t k = 0; k < given; k++) {
			teams[k] = texts.buf + at[k];
			keys[k] = teams[k] + strlen(teams[k]) + 1;
		}
		/* A function of the schema's, which checks that the role
		 * may write both teams (store_pg.c). */
		rc = pg_set_teams(st->pg, ids, teams, keys, given, d);
		free(teams);
		free(keys);
	}
	free(ids);
	free(at);
	strbuf_release(&texts);
	return rc;
}

int store_set_team(store *st, const char *team, struct diag *d)
{
	struct strbuf key = STRBUF_INIT;
	struct store_param p;
	struct store_rows *r;
	size_t len = team ? strlen(team) : 0;
	int rc;

	free(st->team_key);
	st->team_key = NULL;
	if (!team)
		return 1;
	text_trim(&team, &len);
	text_casefold(team, len, &key);
	st->team_key = strbuf_detach(&key);
	p = team_param(st);
	if (rows_sql(st, "SELECT count(*) FROM athletes WHERE team_key = ?1",
		     &p, 1, &r, d) < 0)
		return -1;
	if ((rc = store_rows_next(r, d)) == 1)
		rc = store_rows_int(r, 0) > 0;
	else if (rc == 0)
		rc = diag_error(d, "%s: cannot count a team's athletes", st->path);
	store_rows_close(r);
	return rc;
}

int store_grant(store *st, const char *role, const char *team,
		enum store_access access, struct diag *d)
{
	struct strbuf key = STRBUF_INIT;
	size_t len = strlen(team);
	int rc;

	if (!st->pg)
		return diag_error(d, "%s: access control needs the PostgreSQL "
				  "store", st->path);
	text_trim(&team, &len);
	text_casefold(team, len, &key);
	rc = pg_grant(st->pg, role, key.buf, access, d);
	strbuf_release(&key);
	return rc;
}

int store_put_rows(store *st, int64_t import_id, enum log_kind kind,
		   const struct store_row *rows, size_t n,
		   enum store_outcome *outcomes, struct diag *d)
{
	int rc = 1;

	if (put_teams(st, kind, rows, n, d) < 0)
		return -1;
	if (st->pg && n > 0 &&
	    (rc = put_bulk(st, kind == KIND_TRAINING ? 0 :
			   kind == KIND_HYDRATION ? 1 : 2, import_id, rows, n,
			   outcomes, d)) <= 0)
		return rc;
	for (size_t i = 0; i < n && rc >= 0; i++) {
		switch (kind) {
		case KIND_TRAINING:
			rc = store_put_training(st, import_id,
						rows[i].athlete_id, rows[i].row,
						rows[i].seq, &outcomes[i], d);
			break;
		case KIND_HYDRATION:
			rc = store_put_hydration(st, import_id,
						 rows[i].athlete_id, rows[i].row,
						 rows[i].seq, &outcomes[i], d);
			break;
		default:
			rc = store_put_diet(st, import_id, rows[i].athlete_id,
					    rows[i].row, rows[i].seq,
					    &outcomes[i], d);
			break;
		}
	}
	return rc < 0 ? -1 : 0;
}

static void copy_date(model_date out, const struct store_rows *r, int col)
{
	const char *t = store_rows_text(r, col);

	out[0] = '\0';
	if (t && strlen(t) == 10)
		memcpy(out, t, 11);
}

/* ?1: the team (store_set_team). Imports are counted whole (the listing
 * of the latest, store_each_import, is the team's). */
static const char status_sql[] =
	"SELECT (SELECT count(*) FROM athletes WHERE ?1 IS NULL OR"
	"   team_key = ?1),"
	" (SELECT count(*) FROM training WHERE " IN_TEAM("?1") "),"
	" (SELECT count(*) FROM hydration WHERE " IN_TEAM("?1") "),"
	" (SELECT count(*) FROM diet WHERE " IN_TEAM("?1") "),"
	" (SELECT count(*) FROM training WHERE cramp = 1 AND " IN_TEAM("?1") "),"
	" (SELECT count(*) FROM imports),"
	" (SELECT min(d) FROM (SELECT min(date) AS d FROM training WHERE "
	IN_TEAM("?1") "   UNION ALL SELECT min(date) FROM hydration WHERE "
	IN_TEAM("?1") "   UNION ALL SELECT min(date) FROM diet WHERE "
	IN_TEAM("?1") ") AS u),"
	" (SELECT max(d) FROM (SELECT max(date) AS d FROM training WHERE "
	IN_TEAM("?1") "   UNION ALL SELECT max(date) FROM hydration WHERE "
	IN_TEAM("?1") "   UNION ALL SELECT max(date) FROM diet WHERE "
	IN_TEAM("?1") ") AS u)";

int store_get_status(store *st, struct store_status *out, struct diag *d)
{
	struct store_rows *r;

	int rc;

	struct store_param p = team_param(st);

	memset(out, 0, sizeof(*out));
	if (rows_sql(st, status_sql, &p, 1, &r, d) < 0)
		return -1;
	if ((rc = store_rows_next(r, d)) == 1) {
		out->athletes = store_rows_int(r, 0);
		out->training = store_rows_int(r, 1);
		out->hydration = store_rows_int(r, 2);
		out->diet = store_rows_int(r, 3);
		out->cramps = store_rows_int(r, 4);
		out->imports = store_rows_int(r, 5);
		copy_date(out->first_date, r, 6);
		copy_date(out->last_date, r, 7);
	} else if (rc == 0) {
		diag_add(d, DIAG_ERROR, st->path, 0, 0, "cannot read the status");
	}
	store_rows_close(r);
	return rc == 1 ? 0 : -1;
}

/* ?2: the team (store_set_team): then only the imports that first stored
 * or last changed a row of its athletes. */
#define TOUCHED_BY(table) \
	" SELECT first_import_id FROM " table " WHERE " IN_TEAM("?2") \
	" UNION SELECT import_id FROM " table " WHERE " IN_TEAM("?2")
static const char imports_sql[] =
	"SELECT id, file, kind, imported_at, rows, added, updated, unchanged,"
	" rejected FROM imports WHERE ?2 IS NULL OR id IN ("
	TOUCHED_BY("training") " UNION" TOUCHED_BY("hydration") " UNION"
	TOUCHED_BY("diet") ") ORDER BY id DESC LIMIT ?1";

int store_each_import(store *st, int limit,
		      int (*fn)(const struct store_import_info *, void *),
		      void *arg, struct diag *d)
{
	struct store_param p[2] = { PARAM_INT(limit), team_param(st) };
	struct store_rows *r;
	int rc, ret = 0;

	if (rows_sql(st, imports_sql, p, 2, &r, d) < 0)
		return -1;
	while ((rc = store_rows_next(r, d)) == 1) {
		struct store_import_info info;

		info.id = store_rows_int(r, 0);
		info.file = store_rows_text(r, 1);
		info.kind = store_rows_text(r, 2);
		info.imported_at = store_rows_text(r, 3);
		info.counts.rows = (uint64_t)store_rows_int(r, 4);
		info.counts.added = (uint64_t)store_rows_int(r, 5);
		info.counts.updated = (uint64_t)store_rows_int(r, 6);
		info.counts.unchanged = (uint64_t)store_rows_int(r, 7);
		info.counts.rejected = (uint64_t)store_rows_int(r, 8);
		if (!info.file || !info.kind || !info.imported_at)
			die("out of memory");
		if ((ret = fn(&info, arg)) != 0)
			break;
	}
	if (ret == 0 && rc < 0)
		ret = -1;
	store_rows_close(r);
	return ret;
}

static const char athletes_sql[] =
	"SELECT a.id, a.name,"
	" (SELECT count(*) FROM training t WHERE t.athlete_id = a.id),"
	" (SELECT count(*) FROM hydration h WHERE h.athlete_id = a.id),"
	" (SELECT count(*) FROM diet e WHERE e.athlete_id = a.id),"
	" (SELECT count(*) FROM training t WHERE t.athlete_id = a.id"
	"   AND t.cramp = 1),"
	" (SELECT min(d) FROM (SELECT min(date) AS d FROM training t"
	"   WHERE t.athlete_id = a.id UNION ALL SELECT min(date) FROM hydration h"
	"   WHERE h.athlete_id = a.id UNION ALL SELECT min(date) FROM diet e"
	"   WHERE e.athlete_id = a.id) AS u),"
	" (SELECT max(d) FROM (SELECT max(date) AS d FROM training t"
	"   WHERE t.athlete_id = a.id UNION ALL SELECT max(date) FROM hydration h"
	"   WHERE h.athlete_id = a.id UNION ALL SELECT max(date) FROM diet e"
	"   WHERE e.athlete_id = a.id) AS u), a.team"
	" FROM athletes a WHERE ?1 IS NULL OR a.team_key = ?1"
	" ORDER BY a.name_key, a.id";

int store_each_athlete(store *st,
		       int (*fn)(const struct store_athlete_info *, void *),
		       void *arg, struct diag *d)
{
	struct store_param p = team_param(st);
	struct store_rows *r;
	int rc, ret = 0;

	if (rows_sql(st, athletes_sql, &p, 1, &r, d) < 0)
		return -1;
	while ((rc = store_rows_next(r, d)) == 1) {
		struct store_athlete_info info;

		info.id = store_rows_int(r, 0);
		info.name = store_rows_text(r, 1);
		info.training = store_rows_int(r, 2);
		info.hydration = store_rows_int(r, 3);
		info.diet = store_rows_int(r, 4);
		info.cramps = store_rows_int(r, 5);
		copy_date(info.first_date, r, 6);
		copy_date(info.last_date, r, 7);
		info.team = store_rows_text(r, 8);
		if (!info.name)
			die("out of memory");
		if ((ret = fn(&info, arg)) != 0)
			break;
	}
	if (ret == 0 && rc < 0)
		ret = -1;
	store_rows_close(r);
	return ret;
}

/*
 * ---- Copying a whole database (core/store_copy.c) ----
 * The few things store_copy.c needs of the store's insides: the tables
 * and columns its schema holds, every row of a table read as it is
 * stored, and a writer that puts rows into a table as they come (SQLite:
 * one prepared INSERT; PostgreSQL: COPY).
 */

/* name as an SQL identifier, quoted ("a""b"), as both backends read it. */
static void add_identifier(struct strbuf *sb, const char *name)
{
	strbuf_addch(sb, '"');
	for (const char *p = name; *p; p++) {
		if (*p == '"')
			strbuf_addch(sb, '"');
		strbuf_addch(sb, *p);
	}
	strbuf_addch(sb, '"');
}

int store_copy_names(store *st, const char *table, struct strbuf *names,
		     size_t *n, struct diag *d)
{
	struct store_param p = PARAM_STR(table ? table : "");
	struct store_rows *r;
	const char *sql;
	int rc;

	*n = 0;
	strbuf_reset(names);
	if (st->pg)
		sql = table ? "SELECT column_name::text FROM"
		      " information_schema.columns WHERE table_schema ="
		      " 'cramplog' AND table_name = ?1 ORDER BY ordinal_position" :
		      "SELECT table_name::text FROM information_schema.tables"
		      " WHERE table_schema = 'cramplog' AND table_type ="
		      " 'BASE TABLE' AND ?1 = '' ORDER BY table_name";
	else
		sql = table ? "SELECT name FROM pragma_table_info(?1) ORDER BY cid" :
		      "SELECT name FROM sqlite_schema WHERE type = 'table' AND"
		      " name NOT LIKE 'sqlite\\_%' ESCAPE '\\' AND ?1 = ''"
		      " ORDER BY name";
	if (rows_sql(st, sql, &p, 1, &r, d) < 0)
		return -1;
	while ((rc = store_rows_next(r, d)) == 1) {
		const char *name = store_rows_text(r, 0);

		if (!name)
			die("out of memory");
		strbuf_add(names, name, strlen(name) + 1);
		(*n)++;
	}
	store_rows_close(r);
	return rc < 0 ? -1 : 0;
}

int store_copy_count(store *st, const char *table, int64_t *n,
		     struct diag *d)
{
	struct strbuf sql = STRBUF_INIT;
	struct store_rows *r;
	int rc = -1;

	strbuf_addstr(&sql, "SELECT count(*) FROM ");
	add_identifier(&sql, table);
	if (rows_sql(st, sql.buf, NULL, 0, &r, d) == 0) {
		if ((rc = store_rows_next(r, d)) == 1)
			*n = store_rows_int(r, 0);
		else if (rc == 0)
			rc = diag_error(d, "%s: cannot count the rows of %s",
					st->path, table);
		store_rows_close(r);
	}
	strbuf_release(&sql);
	return rc == 1 ? 0 : -1;
}

/* "col1", "col2", ... of the n NUL-separated names. */
static void add_identifiers(struct strbuf *sb, const char *names, size_t n)
{
	for (size_t i = 0; i < n; i++, names += strlen(names) + 1) {
		if (i)
			strbuf_addstr(sb, ", ");
		add_identifier(sb, names);
	}
}

int store_copy_read(store *st, const char *table, const char *columns,
		    size_t n, struct store_rows **out, struct diag *d)
{
	struct strbuf sql = STRBUF_INIT;
	int rc;

	strbuf_addstr(&sql, "SELECT ");
	for (size_t i = 0; i < n; i++, columns += strlen(columns) + 1) {
		if (i)
			strbuf_addstr(&sql, ", ");
		/* Roles are the server's: a role of the same name elsewhere
		 * may be someone else, who must not see these imports. */
		if (strcmp(table, "imports") == 0 &&
		    strcmp(columns, "imported_by") == 0)
			strbuf_addstr(&sql, "NULL");
		else
			add_identifier(&sql, columns);
	}
	strbuf_addstr(&sql, " FROM ");
	add_identifier(&sql, table);
	rc = rows_sql(st, sql.buf, NULL, 0, out, d);
	strbuf_release(&sql);
	return rc;
}

int store_copy_snapshot(store *st, int on, struct diag *d)
{
	/* A PostgreSQL reader is in its snapshot from the start. */
	if (st->pg)
		return 0;
	return exec(st, on ? "BEGIN" : "COMMIT", d);
}

struct store_writer {
	store *st;
	sqlite3_stmt *s;          /* SQLite's INSERT; NULL on PostgreSQL */
	char *table;              /* quoted, for PostgreSQL's COPY */
	struct store_param *p;    /* a row's values */
	int n;
};

int store_writer_open(store *st, const char *table, const char *columns,
		      size_t n, struct store_writer **out, struct diag *d)
{
	struct store_writer *w = xcalloc(1, sizeof(*w));
	struct strbuf sql = STRBUF_INIT;
	int rc;

	w->st = st;
	w->n = (int)n;
	w->p = xcalloc(n ? n : 1, sizeof(*w->p));
	if (st->pg) {
		struct strbuf name = STRBUF_INIT;

		add_identifier(&name, table);
		w->table = strbuf_detach(&name);
		add_identifiers(&sql, columns, n);
		rc = pg_copy_table_begin(st->pg, w->table, sql.buf, d);
	} else {
		strbuf_addstr(&sql, "INSERT INTO ");
		add_identifier(&sql, table);
		strbuf_addstr(&sql, " (");
		add_identifiers(&sql, columns, n);
		strbuf_addstr(&sql, ") VALUES (");
		for (size_t i = 0; i < n; i++)
			strbuf_addstr(&sql, i ? ", ?" : "?");
		strbuf_addch(&sql, ')');
		rc = sqlite3_prepare_v2(st->db, sql.buf, -1, &w->s, NULL) ==
		     SQLITE_OK ? 0 : db_error(st, d, "cannot write the rows");
	}
	strbuf_release(&sql);
	if (rc < 0) {
		free(w->table);
		free(w->p);
		free(w);
		return -1;
	}
	*out = w;
	return 0;
}

/* Column col of the current row of r as a parameter, its type as stored:
 * valid until the next row. */
static struct store_param stored_value(const struct store_rows *r, int col)
{
	struct store_param p = { .type = P_TEXT };

	if (r->pg) {
		const char *v = pg_rows_value(r->pg, col);

		p.null = !v;
		p.type = pg_rows_type(r->pg, col);
		if (v && p.type == P_INT)
			p.i = strtoll(v, NULL, 10);
		else if (v && p.type == P_REAL)
			p.r = strtod(v, NULL);
		p.s = v;
		p.len = v ? strlen(v) : 0;
		if (v && p.type == P_BLOB &&
		    !(p.s = (const char *)rows_blob(r, col, &p.len)))
			die("a bytea that is not in hex");
		return p;
	}
	switch (sqlite3_column_type(r->s, col)) {
	case SQLITE_NULL:
		p.null = 1;
		break;
	case SQLITE_INTEGER:
		p.type = P_INT;
		p.i = sqlite3_column_int64(r->s, col);
		break;
	case SQLITE_FLOAT:
		p.type = P_REAL;
		p.r = sqlite3_column_double(r->s, col);
		break;
	case SQLITE_BLOB:
		p.type = P_BLOB;
		p.s = (const char *)rows_blob(r, col, &p.len);
		if (!p.s)
			die("out of memory");
		break;
	default:
		p.s = (const char *)sqlite3_column_text(r->s, col);
		if (!p.s)
			die("out of memory");
		p.len = (size_t)sqlite3_column_bytes(r->s, col);
		break;
	}
	return p;
}

int store_writer_row(struct store_writer *w, const struct store_rows *from,
		     struct diag *d)
{
	int rc;

	for (int i = 0; i < w->n; i++)
		w->p[i] = stored_value(from, i);
	if (w->st->pg)
		return pg_copy_values(w->st->pg, w->p, w->n, d);
	bind_params(w->s, w->p, w->n);
	rc = sqlite3_step(w->s);
	sqlite3_reset(w->s);
	return rc == SQLITE_DONE ? 0 : db_error(w->st, d, "cannot write a row");
}

int store_writer_close(struct store_writer *w, int ok, struct diag *d)
{
	int rc = 0;

	if (!w)
		return 0;
	if (w->st->pg)
		rc = pg_copy_table_end(w->st->pg, ok, d);
	sqlite3_finalize(w->s);
	free(w->table);
	free(w->p);
	free(w);
	return rc;
}

int store_same_database(store *a, store *b, struct diag *d)
{
	struct stat sa, sb;

	if (a->pg && b->pg)
		return pg_same_database(a->pg, b->pg, d);
	if (a->pg || b->pg)
		return 0;
	return stat(a->path, &sa) == 0 && stat(b->path, &sb) == 0 &&
	       sa.st_dev == sb.st_dev && sa.st_ino == sb.st_ino;
}

int store_copy_keys(store *st, int restore, struct strbuf *saved,
		    struct diag *d)
{
	/* SQLite checks a row's key as cheaply as a bulk check would. */
	if (!st->pg)
		return 0;
	return restore ? pg_run(st->pg, saved->buf, d) :
	       pg_drop_foreign_keys(st->pg, saved, d);
}

/* ---- The kept exposures (store.h) ---- */

/* A column of a kept table after athlete_id and date: its name, and
 * whether it holds an integer or text rather than a number. */
struct kept_column {
	const char *name;
	char type;                /* 'r' real, 'i' integer, 't' text */
};

static const struct kept_column kept_day_columns[STORE_KEPT_DAY_VALUES] = {
	{ "fluid_ml", 'r' }, { "sodium_mg", 'r' }, { "potassium_mg", 'r' },
	{ "carbs_g", 'r' }, { "body_mass_kg", 'r' }, { "urine_color", 'r' },
	{ "usg", 'r' }, { "sessions", 'i' }, { "load", 'r' },
	{ "acute_load", 'r' }, { "chronic_load", 'r' }, { "acwr", 'r' },
	{ "sodium_balance_mg", 'r' }, { "sweat_sodium_held_mg_l", 'r' },
};

static const struct kept_column
kept_session_columns[STORE_KEPT_SESSION_VALUES] = {
	{ "ord", 'i' }, { "start_time", 't' }, { "cramp", 'i' },
	{ "cramp_severity", 'r' }, { "cramp_muscle", 't' },
	{ "cramp_side", 'i' }, { "duration_min", 'r' }, { "rpe", 'r' },
	{ "load", 'r' }, { "body_mass_loss_pct", 'r' },
	{ "body_mass_loss_kg", 'r' }, { "tightness", 'r' },
	{ "urine_color", 'r' }, { "usg", 'r' }, { "fluid_ml", 'r' },
	{ "sodium_mg", 'r' }, { "potassium_mg", 'r' }, { "carbs_g", 'r' },
	{ "carbs_g_per_kg", 'r' }, { "window_known_days", 'i' },
	{ "acute_load", 'r' }, { "chronic_load", 'r' }, { "acwr", 'r' },
	{ "sweat_volume_l", 'r' }, { "sweat_rate_l_h", 'r' },
	{ "sweat_sodium_mg_l", 'r' }, { "sweat_sodium_mg", 'r' },
	{ "sodium_balance_mg", 'r' }, { "history", 'i' },
};

static const struct {
	const char *name;
	const struct kept_column *columns;
	int n;
} kept_tables[2] = {
	{ "kept_days", kept_day_columns, STORE_KEPT_DAY_VALUES },
	{ "kept_sessions", kept_session_columns, STORE_KEPT_SESSION_VALUES },
};

/*
 * kept_sessions.flag_values (schema 8): the values a session's flags are
 * made of (enum store_pattern_value) again, as one blob of PV_COUNT
 * IEEE 754 doubles, most significant byte first (the bytes of
 * PostgreSQL's float8send), NaN for unknown. The commands that read every
 * session (analyze, report, validate) read these four columns (key,
 * cramp, history, blob) from an index that holds them, not 13 columns of
 * the table's rows: SQLite's cost is by column read (docs/performance.md).
 */
#define FLAG_BYTES (PV_COUNT * 8)
_Static_assert(FLAG_BYTES == 72, "migration 8's CHECK on its length");

/* kept_session_columns' index of each value, in enum store_pattern_value's
 * order, and its name (pattern_check holds the two together). */
static const struct {
	int column;
	const char *name;
} pattern_columns[PV_COUNT] = {
	{ 9, "body_mass_loss_pct" }, { 13, "usg" }, { 12, "urine_color" },
	{ 15, "sodium_mg" }, { 16, "potassium_mg" }, { 18, "carbs_g_per_kg" },
	{ 11, "tightness" }, { 22, "acwr" }, { 27, "sodium_balance_mg" },
};

/* Dies when pattern_columns does not name kept_session_columns' own
 * (a column added or moved without it): once a store, before its first
 * kept session is written. */
static void pattern_check(void)
{
	for (int k = 0; k < PV_COUNT; k++)
		if (strcmp(kept_session_columns[pattern_columns[k].column].name,
			   pattern_columns[k].name) != 0)
			die("kept column %d is not %s", pattern_columns[k].column,
			    pattern_columns[k].name);
}

static void flag_values_pack(const struct store_value *v,
			     unsigned char out[FLAG_BYTES])
{
	for (int k = 0; k < PV_COUNT; k++) {
		double x = v[pattern_columns[k].column].x;
		uint64_t u;

		if (isnan(x))
			x = NAN;
		memcpy(&u, &x, sizeof(u));
		put_be64(out + 8 * k, u);
	}
}

static void flag_values_unpack(const unsigned char *in, double *v)
{
	for (int k = 0; k < PV_COUNT; k++) {
		uint64_t u = be64(in + 8 * k);

		memcpy(&v[k], &u, sizeof(u));
	}
}

/* The parameters of a row of kept table k: athlete, date, the values,
 * and for sessions the flag values. */
static int kept_width(int k)
{
	return kept_tables[k].n + 2 + (k == 1);
}

/* Rows of a kept table waiting to be written, in one INSERT of many rows
 * (a statement each row costs a round trip on PostgreSQL). */
#define KEPT_BATCH 64

struct kept_batch {
	struct store_param p[KEPT_BATCH * (STORE_KEPT_SESSION_VALUES + 3)];
	char *texts[KEPT_BATCH * 3];    /* copies the parameters point to */
	unsigned char flags[KEPT_BATCH][FLAG_BYTES];
	int ntexts;
	int rows;
};

/* Writes the athletes marked changed to kept_pending, each from the
 * earlier of its dates there and here: 0, or -1. */
static int kept_spill(store *st, struct diag *d)
{
	struct store_param p[3 * KEPT_BATCH];
	struct strbuf sql = STRBUF_INIT;
	int rc = 0;

	for (size_t i = 0; i < st->ntouched && rc == 0; i += KEPT_BATCH) {
		size_t n = st->ntouched - i < KEPT_BATCH ? st->ntouched - i :
			   KEPT_BATCH;

		strbuf_reset(&sql);
		strbuf_addstr(&sql, "INSERT INTO kept_pending (athlete_id,"
			      " from_date) SELECT column1, column2 FROM (VALUES ");
		for (size_t k = 0; k < n; k++) {
			const struct kept_touch *t = &st->touched[i + k];

			strbuf_addf(&sql, "%s(?%zu, ?%zu, ?%zu)", k ? ", " : "",
				    3 * k + 1, 3 * k + 2, 3 * k + 3);
			p[3 * k] = PARAM_INT(t->athlete);
			p[3 * k + 1] = PARAM_STR(t->from);
			p[3 * k + 2] = PARAM_INT(t->trained);
		}
		/* An athlete whose intake only changed, who has no kept
		 * days (no session yet), has nothing to make. */
		strbuf_addstr(&sql, ") AS v WHERE column3 <> 0 OR EXISTS"
			      " (SELECT 1 FROM kept_days k WHERE k.athlete_id ="
			      " v.column1)");
		strbuf_addstr(&sql, " ON CONFLICT (athlete_id) DO UPDATE SET"
			      " from_date = CASE WHEN excluded.from_date <"
			      " kept_pending.from_date THEN excluded.from_date"
			      " ELSE kept_pending.from_date END");
		rc = exec_sql(st, sql.buf, p, (int)(3 * n), d);
	}
	strbuf_release(&sql);
	st->ntouched = 0;
	u64map_release(&st->touched_index);
	u64map_init(&st->touched_index);
	st->spilled = 1;
	return rc;
}

/* Marks the athlete's rows from date on as changed (store_put_rows);
 * trained when a session row changed. */
static void kept_touch(store *st, int64_t athlete, const char *date,
		       int trained)
{
	uint64_t *slot;
	struct kept_touch *t;

	if (st->keeping)
		return;
	slot = u64map_slot(&st->touched_index, (uint64_t)athlete);
	if (*slot) {
		t = &st->touched[*slot - 1];
		if (strncmp(date, t->from, 10) < 0)
			snprintf(t->from, sizeof(t->from), "%.10s", date);
		t->trained |= trained;
		return;
	}
	if (st->ntouched == st->touched_alloc) {
		st->touched_alloc = st->touched_alloc ? 2 * st->touched_alloc : 64;
		st->touched = xreallocarray(st->touched, st->touched_alloc,
					    sizeof(*st->touched));
	}
	t = &st->touched[st->ntouched++];
	t->athlete = athlete;
	t->trained = trained;
	snprintf(t->from, sizeof(t->from), "%.10s", date);
	*slot = st->ntouched;
}

static void kept_forget(store *st)
{
	for (int k = 0; k < 2; k++) {
		struct kept_batch *b = st->batch[k];

		for (int i = 0; b && i < b->ntexts; i++)
			free(b->texts[i]);
		if (b)
			b->ntexts = b->rows = 0;
	}
	st->ntouched = 0;
	st->spilled = 0;
	u64map_release(&st->touched_index);
	u64map_init(&st->touched_index);
}

/* "INSERT INTO table (columns) VALUES (?1, ...), ..." for rows rows. */
static void kept_insert_sql(struct strbuf *sql, int k, int rows)
{
	int n = kept_width(k);

	strbuf_addf(sql, "INSERT INTO %s (athlete_id, date", kept_tables[k].name);
	for (int c = 0; c < kept_tables[k].n; c++)
		strbuf_addf(sql, ", %s", kept_tables[k].columns[c].name);
	if (k == 1)
		strbuf_addstr(sql, ", flag_values");
	strbuf_addstr(sql, ") VALUES ");
	for (int r = 0; r < rows; r++) {
		strbuf_addstr(sql, r ? ", (" : "(");
		for (int c = 0; c < n; c++)
			strbuf_addf(sql, "%s?%d", c ? ", " : "", r * n + c + 1);
		strbuf_addch(sql, ')');
	}
}

/* Writes the batch of kept table k: on PostgreSQL in one statement, on
 * SQLite row by row through a statement prepared once (cheaper than
 * parsing a statement of many rows). */
static int kept_flush_table(store *st, int k, struct diag *d)
{
	struct kept_batch *b = st->batch[k];
	struct strbuf sql = STRBUF_INIT;
	int n = kept_width(k), rc = 0;

	if (!b || b->rows == 0)
		return 0;
	if (st->pg) {
		kept_insert_sql(&sql, k, b->rows);
		rc = exec_sql(st, sql.buf, b->p, b->rows * n, d);
	} else {
		if (!st->kept_insert[k]) {
			kept_insert_sql(&sql, k, 1);
			if (sqlite3_prepare_v3(st->db, sql.buf, -1,
					       SQLITE_PREPARE_PERSISTENT,
					       &st->kept_insert[k], NULL) != SQLITE_OK)
				rc = db_error(st, d, "cannot prepare a statement");
		}
		for (int r = 0; r < b->rows && rc == 0; r++) {
			sqlite3_stmt *s = st->kept_insert[k];

			bind_params(s, &b->p[r * n], n);
			if (sqlite3_step(s) != SQLITE_DONE)
				rc = db_error(st, d, "cannot write the kept exposures");
			sqlite3_reset(s);
		}
	}
	strbuf_release(&sql);
	for (int i = 0; i < b->ntexts; i++)
		free(b->texts[i]);
	b->ntexts = b->rows = 0;
	return rc;
}

int store_kept_flush(store *st, struct diag *d)
{
	return kept_flush_table(st, 0, d) < 0 || kept_flush_table(st, 1, d) < 0 ?
	       -1 : 0;
}

int store_kept_put(store *st, enum store_kept table, int64_t athlete_id,
		   const char *date, const struct store_value *v,
		   struct diag *d)
{
	int k = table == STORE_KEPT_DAYS ? 0 : 1, n = kept_width(k);
	struct kept_batch *b;
	struct store_param *p;

	if (!st->batch[k]) {
		if (k == 1)
			pattern_check();
		st->batch[k] = xcalloc(1, sizeof(*st->batch[k]));
	}
	b = st->batch[k];
	if (b->rows == KEPT_BATCH && kept_flush_table(st, k, d) < 0)
		return -1;
	p = &b->p[b->rows * n];
	p[0] = PARAM_INT(athlete_id);
	b->texts[b->ntexts] = xstrdup(date);
	p[1] = PARAM_STR(b->texts[b->ntexts]);
	b->ntexts++;
	for (int c = 0; c < kept_tables[k].n; c++) {
		switch (kept_tables[k].columns[c].type) {
		case 't':
			p[2 + c] = PARAM_STR("");
			p[2 + c].null = !v[c].text;
			if (v[c].text) {
				b->texts[b->ntexts] = xstrdup(v[c].text);
				p[2 + c] = PARAM_STR(b->texts[b->ntexts]);
				b->ntexts++;
			}
			break;
		case 'i':
			p[2 + c] = PARAM_INT((int64_t)v[c].x);
			break;
		default:
			p[2 + c] = param_real(v[c].x);
			break;
		}
	}
	if (k == 1) {
		flag_values_pack(v, b->flags[b->rows]);
		p[n - 1] = (struct store_param){ .type = P_BLOB,
			.s = (const char *)b->flags[b->rows], .len = FLAG_BYTES };
	}
	b->rows++;
	return 0;
}

int store_kept_clear(store *st, int64_t athlete_id, const char *date,
		     struct diag *d)
{
	struct store_param p[2] = { PARAM_INT(athlete_id), PARAM_STR(date) };

	struct store_rows *r;

	if (store_kept_flush(st, d) < 0 ||
	    kept_rows_sql(st, KQ_CLEAR_DAYS, "DELETE FROM kept_days WHERE"
			  " athlete_id = ?1 AND date >= ?2", p, 2, &r, d) < 0 ||
	    exec_rows(r, d) < 0 ||
	    kept_rows_sql(st, KQ_CLEAR_SESSIONS, "DELETE FROM kept_sessions"
			  " WHERE athlete_id = ?1 AND date >= ?2", p, 2, &r,
			  d) < 0)
		return -1;
	return exec_rows(r, d);
}

/* Runs sql, which gives one row: 1 and *out (closed by the caller), 0
 * when it gives none, -1. */
static int kept_row(store *st, enum kept_query q, const char *sql,
		    const struct store_param *p, int n, struct store_rows **out,
		    struct diag *d)
{
	int rc;

	if (store_kept_flush(st, d) < 0 ||
	    kept_rows_sql(st, q, sql, p, n, out, d) < 0)
		return -1;
	if ((rc = store_rows_next(*out, d)) <= 0) {
		store_rows_close(*out);
		*out = NULL;
	}
	return rc;
}

/* The athlete's (?1) first kept day with a session, after SELECT date. */
#define FIRST_SESSION_DAY " FROM kept_days WHERE athlete_id = ?1" \
	" AND sessions > 0 ORDER BY date LIMIT 1"

int store_kept_seed(store *st, int64_t athlete_id, const char *date,
		    model_date start, double *mass, double *sweat,
		    struct diag *d)
{
	struct store_param p[2] = { PARAM_INT(athlete_id), PARAM_STR(date) };
	struct store_rows *r;
	int rc;

	start[0] = '\0';
	*mass = *sweat = NAN;
	/* Each through the key's index, stopping at the first row found. */
	rc = kept_row(st, KQ_SEED, "SELECT (SELECT date" FIRST_SESSION_DAY "),"
		      " body_mass_kg, sweat_sodium_held_mg_l FROM kept_days"
		      " WHERE athlete_id = ?1 AND date < ?2"
		      " ORDER BY date DESC LIMIT 1", p, 2, &r, d);
	if (rc == 0)
		rc = kept_row(st, KQ_SEED_FIRST, "SELECT date, NULL, NULL"
			      FIRST_SESSION_DAY, p, 1, &r, d);
	if (rc <= 0)
		return rc;
	if (store_rows_text(r, 0))
		snprintf(start, sizeof(model_date), "%s", store_rows_text(r, 0));
	*mass = store_rows_real(r, 1);
	*sweat = store_rows_real(r, 2);
	store_rows_close(r);
	return 1;
}

int store_kept_last(store *st, int64_t athlete_id, model_date last,
		    struct diag *d)
{
	struct store_param p = PARAM_INT(athlete_id);
	struct store_rows *r;
	/* Through the key's index from its end (max() with a count would
	 * read every kept day of the athlete). */
	int rc = kept_row(st, KQ_LAST, "SELECT date FROM kept_days WHERE"
			  " athlete_id = ?1 ORDER BY date DESC LIMIT 1", &p, 1,
			  &r, d);

	if (rc == 1) {
		snprintf(last, sizeof(model_date), "%s",
			 store_rows_text(r, 0) ? store_rows_text(r, 0) : "");
		store_rows_close(r);
	}
	return rc;
}

int store_kept_cramps(store *st, int64_t athlete_id, const char *from,
		      const char *to, struct store_rows **out, struct diag *d)
{
	struct store_param p[3] = { PARAM_INT(athlete_id), PARAM_STR(from),
				    PARAM_STR(to) };

	if (store_kept_flush(st, d) < 0)
		return -1;
	return kept_rows_sql(st, KQ_CRAMPS, "SELECT date FROM kept_sessions"
			     " WHERE athlete_id = ?1 AND date >= ?2 AND"
			     " date < ?3 AND cramp <> 0 ORDER BY date", p, 3,
			     out, d);
}

int store_kept_ready(store *st, struct diag *d)
{
	struct store_rows *r;
	int rc = kept_row(st, KQ_READY, "SELECT 1 FROM kept_pending LIMIT 1",
			  NULL, 0, &r, d);

	store_rows_close(rc == 1 ? r : NULL);
	return rc < 0 ? -1 : !rc;
}

/* Brings the kept exposures of the athletes this transaction changed, and
 * of those pending, up to date: 0, or -1. Those changed are written to
 * kept_pending (kept_spill) and read back from it; only written there
 * while the store keeps them for later (store_keep_later). */
static int kept_bring_up(store *st, struct diag *d)
{
	struct store_rows *r;
	int rc = 0, any = 0;

	if (st->ntouched && kept_spill(st, d) < 0)
		return -1;
	if (st->later) {
		kept_forget(st);
		return 0;
	}
	if (rows_sql(st, "SELECT athlete_id, from_date FROM kept_pending"
		     " ORDER BY athlete_id", NULL, 0, &r, d) < 0)
		return -1;
	st->keeping = 1;
	while (rc == 0 && (rc = store_rows_next(r, d)) == 1) {
		model_date from;
		const char *t = store_rows_text(r, 1);

		snprintf(from, sizeof(from), "%s", t ? t : "");
		rc = exposure_keep(st, store_rows_int(r, 0), from, d);
		any = 1;
	}
	st->keeping = 0;
	store_rows_close(r);
	if (rc == 0)
		rc = store_kept_flush(st, d);
	if (rc == 0 && (any || st->spilled))
		rc = exec_sql(st, "DELETE FROM kept_pending", NULL, 0, d);
	kept_forget(st);
	return rc;
}

/* The athletes' kept exposures, when some wait (the migrations to schemas
 * 7 and 8 leave them all waiting): made by the first writer to open the store,
 * in a transaction of their own. */
static int kept_make_pending(store *st, struct diag *d)
{
	int rc = store_kept_ready(st, d);

	if (rc != 0)
		return rc < 0 ? -1 : 0;
	if (store_begin(st, d) < 0)
		return -1;
	return store_commit(st, d);
}

void store_keep_later(store *st)
{
	st->later = 1;
}

int store_keep_now(store *st, struct diag *d)
{
	st->later = 0;
	return kept_make_pending(st, d);
}

/* Every athlete's kept rows of a span of dates, read athlete by athlete
 * through the key (athlete, date): "FROM" this, then the kept table as k,
 * then "WHERE" this and the rest. A WHERE on the kept table alone would
 * scan all of it for a week of every athlete (the date is second in its
 * key): 0.25 s of a one-week report of a million sessions. CROSS JOIN
 * keeps the athletes the outer loop (SQLite), in id order, so that no
 * sort is needed. ?1 the athlete (NULL: all), ?2 the team. */
#define KEPT_EACH_ATHLETE "athletes a CROSS JOIN "
#define KEPT_EACH_WHERE \
	"k.athlete_id = a.id AND (?1 IS NULL OR a.id = ?1) AND" \
	" (?2 IS NULL OR a.team_key = ?2) AND k.date BETWEEN ?3 AND ?4" \
	" ORDER BY a.id, k.date"

/* The reads of the kept tables: every athlete's (of the team, ?2), or one
 * athlete's (?1), through the key's index; ?3 and ?4 the dates. */
static void kept_select(struct strbuf *sql, int k, int one)
{
	strbuf_addstr(sql, "SELECT k.athlete_id, k.date");
	for (int c = 0; c < kept_tables[k].n; c++)
		strbuf_addf(sql, ", k.%s", kept_tables[k].columns[c].name);
	if (one) {
		strbuf_addf(sql, " FROM %s k WHERE k.athlete_id = ?1 AND ",
			    kept_tables[k].name);
		strbuf_addstr(sql, IN_TEAM("?2") " AND date BETWEEN ?3 AND ?4"
			      " ORDER BY k.date");
	} else {
		strbuf_addf(sql, " FROM " KEPT_EACH_ATHLETE "%s k WHERE "
			    KEPT_EACH_WHERE, kept_tables[k].name);
	}
	if (k == 1)
		strbuf_addstr(sql, ", k.ord");
}

/* The parameters of a read: the athlete (NULL: all), the team, from, to. */
static void kept_params(const store *st, struct store_param p[4],
			int64_t athlete_id, const char *from, const char *to)
{
	p[0] = PARAM_INT(athlete_id);
	p[0].null = athlete_id == 0;
	p[1] = team_param(st);
	p[2] = PARAM_STR(from);
	p[3] = PARAM_STR(to);
}

int store_kept_rows(store *st, enum store_kept table, int64_t athlete_id,
		    const char *from, const char *to, struct store_rows **out,
		    struct diag *d)
{
	struct strbuf sql = STRBUF_INIT;
	struct store_param p[4];
	int rc;

	if (store_kept_flush(st, d) < 0)
		return -1;
	kept_params(st, p, athlete_id, from, to);
	kept_select(&sql, table == STORE_KEPT_DAYS ? 0 : 1, athlete_id != 0);
	rc = rows_sql(st, sql.buf, p, 4, out, d);
	strbuf_release(&sql);
	return rc;
}

int store_kept_athletes(store *st, int64_t athlete_id,
			struct store_rows **out, struct diag *d)
{
	struct store_param p[2] = { PARAM_INT(athlete_id), team_param(st) };

	p[0].null = athlete_id == 0;
	return rows_sql(st, "SELECT id, name FROM athletes a WHERE"
			" (?1 IS NULL OR id = ?1) AND (?2 IS NULL OR team_key = ?2)"
			" AND EXISTS (SELECT 1 FROM kept_days k WHERE"
			" k.athlete_id = a.id) ORDER BY id", p, 2, out, d);
}

int store_latest_session(store *st, int64_t athlete_id, const char *to,
			 model_date out, struct diag *d)
{
	struct store_param p[3] = { PARAM_INT(athlete_id), team_param(st),
				    PARAM_STR(to) };
	struct store_rows *r;
	int rc;

	p[0].null = athlete_id == 0;
	out[0] = '\0';
	if (rows_sql(st, "SELECT date FROM training WHERE date <= ?3 AND "
		     ANY_ATHLETE " ORDER BY date DESC LIMIT 1", p, 3, &r,
		     d) < 0)
		return -1;
	if ((rc = store_rows_next(r, d)) == 1) {
		copy_date(out, r, 0);
		if (!out[0])
			rc = diag_error(d, "training: a session with a bad date "
					"in the database");
	}
	store_rows_close(r);
	return rc;
}

int store_kept_pattern_rows(store *st, int64_t athlete_id, const char *from,
			    const char *to, int with_date,
			    struct store_rows **out, struct diag *d)
{
#define PATTERN_ROWS(history, date) \
		"SELECT k.athlete_id, k.cramp, " history ", k.flag_values" date \
		" FROM " KEPT_EACH_ATHLETE "kept_sessions k WHERE " \
		KEPT_EACH_WHERE ", k.ord"
	/* The dated rows' readers make the history from the cramps: a
	 * column less to read a row. */
	static const char sql[] = PATTERN_ROWS("k.history", ""),
			  dated[] = PATTERN_ROWS("NULL", ", k.date");
#undef PATTERN_ROWS
	struct store_param p[4];

	if (store_kept_flush(st, d) < 0)
		return -1;
	kept_params(st, p, athlete_id, from, to);
	return rows_sql(st, with_date ? dated : sql, p, 4, out, d);
}

int store_kept_pattern_values(const struct store_rows *r, double *v,
			      struct diag *d)
{
	size_t len;
	const unsigned char *b = rows_blob(r, 3, &len);

	if (b && len == FLAG_BYTES) {
		flag_values_unpack(b, v);
		return 0;
	}
	/* Only a database changed outside cramplog holds such a row (the
	 * writers and the migration write 72 bytes, and no command makes
	 * it again): the log rows give what it would. (A blob read as a
	 * blob is not converted: its type still holds.) */
	if (r->pg ? !pg_rows_value(r->pg, 3) :
	    sqlite3_column_type(r->s, 3) == SQLITE_NULL)
		return diag_error(d, "kept_sessions: a session of athlete %"
				  PRId64 " has no flag values (the database"
				  " was changed outside cramplog): "
				  "CRAMPLOG_KEPT=0 reads the log rows instead",
				  store_rows_int(r, 0));
	return diag_error(d, "kept_sessions: a session of athlete %" PRId64
			  " has flag values %s, not %d bytes (the database"
			  " was changed outside cramplog): CRAMPLOG_KEPT=0"
			  " reads the log rows instead", store_rows_int(r, 0),
			  b ? "of another length" : "not in hex", FLAG_BYTES);
}

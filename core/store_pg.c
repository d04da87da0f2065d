/*
 * The store on PostgreSQL (see store.h and store_pg.h): the connection,
 * the schema "cramplog" (the same tables, keys and CHECKs as the SQLite
 * schema of the same version), transactions in which writers take turns,
 * and the SQL store.c hands over, run with bound parameters only. Results
 * come as text (a double's text is exact since PostgreSQL 12) and are read
 * a batch at a time through a cursor inside a transaction, so that memory
 * stays bounded whatever a table's size.
 */
#include "store_pg.h"
#include "ranges.h"
#include "strbuf.h"
#include "xalloc.h"

#include <inttypes.h>
#include <libpq-fe.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Rows fetched from a cursor at a time. */
#define FETCH_ROWS 4096
/* Bytes of COPY data sent at a time. */
#define COPY_CHUNK 262144

/* The key of the advisory lock writers take in turn (scoped to the
 * database): STORE_APPLICATION_ID. */
#define WRITER_LOCK "1129467216"

#define STRINGIFY_(x) #x
#define STRINGIFY(x) STRINGIFY_(x)

/* Built-in type oids (pg_type.h, stable across versions). */
#define INT8OID 20
#define TEXTOID 25
#define BYTEAOID 17
#define INT8ARRAYOID 1016
#define TEXTARRAYOID 1009
#define FLOAT8OID 701

struct pgstore {
	PGconn *conn;
	PGcancel *cancel;
	char *uri;
	unsigned flags;
	int in_transaction;
	int readonly;
	unsigned cursors;            /* cursors declared so far (their names) */
	int prepared[3];             /* the row writes of each log table */
	struct strbuf copy;          /* COPY data not sent yet */
	const char *copy_table;      /* the log table being copied, or NULL */
	int copy_direct;             /* copied into the log table itself */
};

struct pgrows {
	struct pgstore *pg;
	PGresult *res;
	int row, nrows;
	char cursor[24];             /* its name, or "" for a whole result */
	int done;
};

/*
 * Schema version 5, as the SQLite migrations 1 to 5 leave it
 * (core/store.c), then the migrations to store.h's STORE_SCHEMA_VERSION
 * (migrations_sql, as SQLite's): the same tables, columns,
 * keys and CHECKs; INTEGER is bigint, REAL double precision, and text
 * compares byte by byte (COLLATE "C"), as SQLite's does. The version is the
 * schema's comment. Ids are given by store.c (max + 1, writers taking
 * turns), as SQLite gives rowids.
 */
/* The key columns of hydration and diet. */
#define INTAKE_KEY \
	"  athlete_id bigint NOT NULL REFERENCES cramplog.athletes(id)," \
	"  date text COLLATE \"C\" NOT NULL CHECK (length(date) = 10)," \
	"  time text COLLATE \"C\" NOT NULL CHECK (length(time) IN (0, 8))," \
	"  source text COLLATE \"C\" NOT NULL DEFAULT 'native'" \
	"    CHECK (length(source) BETWEEN 1 AND 40)," \
	"  seq bigint NOT NULL CHECK (seq >= 0),"

static const char *const schema_sql[] = {
	"CREATE SCHEMA cramplog;"
	"CREATE TABLE cramplog.athletes ("
	"  id bigint PRIMARY KEY,"
	"  name text COLLATE \"C\" NOT NULL CHECK (length(name) BETWEEN 1 AND 200),"
	"  name_key text COLLATE \"C\" NOT NULL UNIQUE,"
	"  created_at text COLLATE \"C\" NOT NULL"
	");",
	"CREATE TABLE cramplog.imports ("
	"  id bigint PRIMARY KEY,"
	"  file text COLLATE \"C\" NOT NULL,"
	"  kind text COLLATE \"C\" NOT NULL"
	"    CHECK (kind IN ('training', 'hydration', 'diet')),"
	"  imported_at text COLLATE \"C\" NOT NULL,"
	"  rows bigint NOT NULL DEFAULT 0 CHECK (rows >= 0),"
	"  added bigint NOT NULL DEFAULT 0 CHECK (added >= 0),"
	"  updated bigint NOT NULL DEFAULT 0 CHECK (updated >= 0),"
	"  unchanged bigint NOT NULL DEFAULT 0 CHECK (unchanged >= 0),"
	"  rejected bigint NOT NULL DEFAULT 0 CHECK (rejected >= 0)"
	");",
	"CREATE TABLE cramplog.training ("
	"  athlete_id bigint NOT NULL REFERENCES cramplog.athletes(id),"
	"  date text COLLATE \"C\" NOT NULL CHECK (length(date) = 10),"
	"  start_time text COLLATE \"C\" NOT NULL"
	"    CHECK (length(start_time) IN (0, 8)),"
	"  source text COLLATE \"C\" NOT NULL DEFAULT 'native'"
	"    CHECK (length(source) BETWEEN 1 AND 40),"
	"  seq bigint NOT NULL CHECK (seq >= 0),"
	"  session text COLLATE \"C\","
	"  duration_min double precision NOT NULL"
	"    " RANGE_CHECK(duration_min) ","
	"  rpe double precision " RANGE_CHECK(rpe) ","
	"  distance_km double precision " RANGE_CHECK_FLOOR(distance_km) ","
	"  pre_mass_kg double precision " RANGE_CHECK(pre_mass_kg) ","
	"  post_mass_kg double precision " RANGE_CHECK(post_mass_kg) ","
	"  fluid_ml double precision " RANGE_CHECK(fluid_ml) ","
	"  temp_c double precision " RANGE_CHECK(temp_c) ","
	"  tightness double precision " RANGE_CHECK(tightness) ","
	"  cramp bigint NOT NULL CHECK (cramp IN (0, 1)),"
	"  cramp_muscle text COLLATE \"C\","
	"  cramp_side text COLLATE \"C\""
	"    CHECK (cramp_side IN ('left', 'right', 'both')),"
	"  cramp_severity double precision " RANGE_CHECK(cramp_severity) ","
	"  notes text COLLATE \"C\","
	"  load double precision " RANGE_CHECK_FLOOR(load) ","
	"  energy_kcal double precision " RANGE_CHECK(energy_kcal) ","
	"  avg_hr double precision " RANGE_CHECK(avg_hr) ","
	"  import_id bigint NOT NULL,"
	"  first_import_id bigint NOT NULL,"
	"  utc_start text COLLATE \"C\""
	"    CHECK (utc_start IS NULL OR length(utc_start) = 19),"
	"  sweat_sodium_mg_l double precision"
	"    " RANGE_CHECK(sweat_sodium_mg_l) ","
	"  PRIMARY KEY (athlete_id, date, start_time, source, seq)"
	");",
	"CREATE INDEX training_by_date ON cramplog.training(date);"
	"CREATE INDEX training_by_utc ON cramplog.training(athlete_id, source,"
	"  utc_start) WHERE utc_start IS NOT NULL;",
	"CREATE TABLE cramplog.hydration ("
	INTAKE_KEY
	"  fluid_ml double precision " RANGE_CHECK(fluid_ml) ","
	"  sodium_mg double precision " RANGE_CHECK(sodium_mg) ","
	"  potassium_mg double precision " RANGE_CHECK(potassium_mg) ","
	"  urine_color bigint " RANGE_CHECK(urine_color) ","
	"  usg double precision " RANGE_CHECK(usg) ","
	"  body_mass_kg double precision " RANGE_CHECK(body_mass_kg) ","
	"  import_id bigint NOT NULL,"
	"  first_import_id bigint NOT NULL,"
	"  soreness bigint " RANGE_CHECK(soreness) ","
	"  sleep_h double precision " RANGE_CHECK(sleep_h) ","
	"  PRIMARY KEY (athlete_id, date, time, source, seq)"
	");",
	"CREATE TABLE cramplog.diet ("
	INTAKE_KEY
	"  meal text COLLATE \"C\","
	"  energy_kcal double precision " RANGE_CHECK(energy_kcal) ","
	"  carbs_g double precision " RANGE_CHECK(carbs_g) ","
	"  protein_g double precision " RANGE_CHECK(protein_g) ","
	"  fat_g double precision " RANGE_CHECK(fat_g) ","
	"  sodium_mg double precision " RANGE_CHECK(sodium_mg) ","
	"  potassium_mg double precision " RANGE_CHECK(potassium_mg) ","
	"  fluid_ml double precision " RANGE_CHECK(fluid_ml) ","
	"  import_id bigint NOT NULL,"
	"  first_import_id bigint NOT NULL,"
	"  PRIMARY KEY (athlete_id, date, time, source, seq)"
	");",
	"CREATE TABLE cramplog.app_units ("
	"  athlete_id bigint NOT NULL REFERENCES cramplog.athletes(id),"
	"  format text COLLATE \"C\" NOT NULL"
	"    CHECK (length(format) BETWEEN 1 AND 40),"
	"  units text COLLATE \"C\" NOT NULL CHECK (units IN ('metric', 'imperial')),"
	"  PRIMARY KEY (athlete_id, format)"
	");"
	"COMMENT ON SCHEMA cramplog IS 'cramplog schema 5';",
};

/* Row-level security on a table of athletes' rows: a role reads the rows
 * of the athletes of its teams, and writes those of the teams it may
 * write. */
#define TEAM_POLICIES(table) \
	"ALTER TABLE cramplog." table " ENABLE ROW LEVEL SECURITY;" \
	"CREATE POLICY team_read ON cramplog." table " FOR SELECT" \
	" USING (cramplog.may_athlete(current_user, athlete_id, false));" \
	"CREATE POLICY team_add ON cramplog." table " FOR INSERT" \
	" WITH CHECK (cramplog.may_athlete(current_user, athlete_id, true));" \
	"CREATE POLICY team_change ON cramplog." table " FOR UPDATE" \
	" USING (cramplog.may_athlete(current_user, athlete_id, true))" \
	" WITH CHECK (cramplog.may_athlete(current_user, athlete_id, true));"

/* The migrations from version 5 on: migrations_sql[v - 5] takes version v
 * to v + 1 (its last step's comment says v + 1), in steps (NULL: the
 * end). */
static const char *const migration_6[] = {
	/* 6: the athlete's team (store.c's migration 6). */
	"ALTER TABLE cramplog.athletes ADD COLUMN team text COLLATE \"C\""
	"  CHECK (team IS NULL OR length(team) BETWEEN 1 AND 200);"
	"ALTER TABLE cramplog.athletes ADD COLUMN team_key text COLLATE \"C\";"
	"CREATE INDEX athletes_by_team ON cramplog.athletes(team_key);",
	/* Who may see what (cramplog grant): the roles given each team,
	 * and row-level security on every table of athletes' rows. The
	 * owner is not bound by it (no FORCE); another role sees and
	 * writes the rows of its teams' athletes only. */
	"CREATE TABLE cramplog.team_access ("
	"  team_key text COLLATE \"C\" NOT NULL"
	"    CHECK (length(team_key) BETWEEN 1 AND 200),"
	"  role text COLLATE \"C\" NOT NULL,"
	"  can_write boolean NOT NULL,"
	"  PRIMARY KEY (team_key, role)"
	");"
	/* Whether role u (the owner, or a member of a role given the team)
	 * may read, or write, the team folded as key. */
	"CREATE FUNCTION cramplog.may(u name, key text, write boolean)"
	" RETURNS boolean LANGUAGE sql STABLE SECURITY DEFINER"
	" SET search_path = pg_catalog, pg_temp AS $$"
	" SELECT pg_has_role(u, (SELECT nspowner FROM pg_namespace"
	"   WHERE nspname = 'cramplog'), 'MEMBER')"
	"  OR EXISTS (SELECT 1 FROM cramplog.team_access a"
	"   JOIN pg_roles r ON r.rolname = a.role WHERE a.team_key = key"
	"   AND (a.can_write OR NOT write) AND pg_has_role(u, r.oid, 'MEMBER'))"
	" $$;"
	"CREATE FUNCTION cramplog.may_athlete(u name, athlete bigint,"
	"  write boolean) RETURNS boolean LANGUAGE sql STABLE SECURITY DEFINER"
	" SET search_path = pg_catalog, pg_temp AS $$"
	" SELECT coalesce((SELECT cramplog.may(u, team_key, write)"
	"   FROM cramplog.athletes WHERE id = athlete), false)"
	" $$;",
	/* A new athlete (ids as SQLite gives rowids: writers take turns),
	 * and an athlete's team: as the owner, for a role given a team to
	 * write (EXECUTE is granted with it), which may move an athlete of
	 * no team or of its own into one of its own only. */
	"CREATE FUNCTION cramplog.add_athlete(n text, key text, at text)"
	" RETURNS bigint LANGUAGE plpgsql SECURITY DEFINER"
	" SET search_path = pg_catalog, pg_temp AS $$"
	" DECLARE new_id bigint;"
	" BEGIN"
	"  INSERT INTO cramplog.athletes(id, name, name_key, created_at)"
	"   SELECT coalesce(max(id), 0) + 1, n, key, at FROM cramplog.athletes"
	"   ON CONFLICT (name_key) DO NOTHING RETURNING id INTO new_id;"
	"  IF new_id IS NULL THEN"
	"   RAISE EXCEPTION 'the athlete % is in a team this role may not"
	" write', n USING ERRCODE = '42501';"
	"  END IF;"
	"  RETURN new_id;"
	" END $$;",
	"CREATE FUNCTION cramplog.set_team(athlete bigint, t text, key text)"
	" RETURNS void LANGUAGE plpgsql SECURITY DEFINER"
	" SET search_path = pg_catalog, pg_temp AS $$"
	" BEGIN"
	"  IF NOT cramplog.may(session_user, key, true) OR NOT coalesce("
	"   (SELECT team_key IS NULL OR cramplog.may(session_user, team_key,"
	"    true) FROM cramplog.athletes WHERE id = athlete), false) THEN"
	"   RAISE EXCEPTION 'this role may not write the athletes of team %',"
	"    t USING ERRCODE = '42501';"
	"  END IF;"
	"  UPDATE cramplog.athletes SET team = t, team_key = key"
	"   WHERE id = athlete AND (team IS NULL OR team <> t);"
	" END $$;",
	"REVOKE EXECUTE ON FUNCTION cramplog.add_athlete(text, text, text),"
	" cramplog.set_team(bigint, text, text) FROM PUBLIC;"
	"ALTER TABLE cramplog.team_access ENABLE ROW LEVEL SECURITY;"
	"CREATE POLICY own ON cramplog.team_access FOR SELECT"
	" USING (role IN (SELECT rolname FROM pg_roles"
	"  WHERE pg_has_role(current_user, oid, 'MEMBER')));"
	"ALTER TABLE cramplog.athletes ENABLE ROW LEVEL SECURITY;"
	"CREATE POLICY team_read ON cramplog.athletes FOR SELECT"
	" USING (cramplog.may(current_user, team_key, false));"
	TEAM_POLICIES("training") TEAM_POLICIES("hydration"),
	TEAM_POLICIES("diet") TEAM_POLICIES("app_units")
	"COMMENT ON SCHEMA cramplog IS 'cramplog schema 6';",
	NULL
};
/* 7: the kept exposures (store.c's migration 7), under the same
 * row-level security, which may also delete them (a recompute replaces
 * an athlete's days). */
#define KEPT_POLICIES(table) TEAM_POLICIES(table) \
	"CREATE POLICY team_remove ON cramplog." table " FOR DELETE" \
	" USING (cramplog.may_athlete(current_user, athlete_id, true));"
static const char *const migration_7[] = {
	"CREATE TABLE cramplog.kept_days ("
	"  athlete_id bigint NOT NULL REFERENCES cramplog.athletes(id),"
	"  date text COLLATE \"C\" NOT NULL CHECK (length(date) = 10),"
	"  fluid_ml double precision, sodium_mg double precision,"
	"  potassium_mg double precision, carbs_g double precision,"
	"  body_mass_kg double precision, urine_color double precision,"
	"  usg double precision, sessions bigint NOT NULL,"
	"  load double precision, acute_load double precision,"
	"  chronic_load double precision, acwr double precision,"
	"  sodium_balance_mg double precision,"
	"  sweat_sodium_held_mg_l double precision,"
	"  PRIMARY KEY (athlete_id, date)"
	");"
	"CREATE TABLE cramplog.kept_sessions ("
	"  athlete_id bigint NOT NULL REFERENCES cramplog.athletes(id),"
	"  date text COLLATE \"C\" NOT NULL CHECK (length(date) = 10),"
	"  ord bigint NOT NULL,"
	"  start_time text COLLATE \"C\" NOT NULL, cramp bigint NOT NULL,"
	"  cramp_severity double precision, cramp_muscle text COLLATE \"C\","
	"  cramp_side bigint NOT NULL, duration_min double precision,"
	"  rpe double precision, load double precision,"
	"  body_mass_loss_pct double precision,"
	"  body_mass_loss_kg double precision, tightness double precision,"
	"  urine_color double precision, usg double precision,"
	"  fluid_ml double precision, sodium_mg double precision,"
	"  potassium_mg double precision, carbs_g double precision,"
	"  carbs_g_per_kg double precision, window_known_days bigint NOT NULL,"
	"  acute_load double precision, chronic_load double precision,"
	"  acwr double precision, sweat_volume_l double precision,"
	"  sweat_rate_l_h double precision, sweat_sodium_mg_l double precision,"
	"  sweat_sodium_mg double precision, sodium_balance_mg double precision,"
	"  history bigint NOT NULL,"
	"  PRIMARY KEY (athlete_id, date, ord)"
	");"
	"CREATE TABLE cramplog.kept_pending ("
	"  athlete_id bigint PRIMARY KEY REFERENCES cramplog.athletes(id),"
	"  from_date text COLLATE \"C\" NOT NULL"
	");"
	"INSERT INTO cramplog.kept_pending SELECT id, '' FROM cramplog.athletes;",
	KEPT_POLICIES("kept_days") KEPT_POLICIES("kept_sessions")
	KEPT_POLICIES("kept_pending"),
	/* The roles given teams before (pg_grant's privileges): the new
	 * tables to read, and to write for those who import. */
	"DO $$ DECLARE r record; BEGIN"
	" FOR r IN SELECT a.role, bool_or(a.can_write) AS w"
	"  FROM cramplog.team_access a JOIN pg_roles p ON p.rolname = a.role"
	"  GROUP BY a.role LOOP"
	"  EXECUTE format('GRANT SELECT ON cramplog.kept_days,"
	" cramplog.kept_sessions, cramplog.kept_pending TO %I', r.role);"
	"  IF r.w THEN EXECUTE format('GRANT INSERT, UPDATE, DELETE ON"
	" cramplog.kept_days, cramplog.kept_sessions, cramplog.kept_pending"
	" TO %I', r.role); END IF;"
	" END LOOP; END $$;"
	"COMMENT ON SCHEMA cramplog IS 'cramplog schema 7';",
	NULL
};
/* 8: the kept sessions' flag values as one bytea, indexed with the key,
 * cramp and history (store.c's migration 8), and the kept exposures made
 * again. */
static const char *const migration_8[] = {
	"ALTER TABLE cramplog.kept_sessions ADD COLUMN flag_values bytea"
	"  CHECK (flag_values IS NULL OR octet_length(flag_values) = 72);"
	"CREATE INDEX kept_session_flags ON cramplog.kept_sessions"
	"  (athlete_id, date, ord) INCLUDE (cramp, history, flag_values);"
	"DELETE FROM cramplog.kept_sessions;"
	"DELETE FROM cramplog.kept_days;"
	"INSERT INTO cramplog.kept_pending SELECT id, '' FROM cramplog.athletes"
	"  ON CONFLICT (athlete_id) DO UPDATE SET from_date = '';"
	"COMMENT ON SCHEMA cramplog IS 'cramplog schema 8';",
	NULL
};
/* 9: who made each import (store.c's migration 9), and row-level security
 * on the imports: a role sees those it made and those that first stored or
 * last changed a row it may read (the log tables' own policies decide
 * which: the subquery runs as the role), so a team's coach no longer reads
 * another team's file names. The id of a new import is the largest + 1
 * over all of them, which a role no longer sees: next_import_id, as the
 * owner. Old imports have no maker (NULL). */
#define IMPORT_TOUCHED(table) \
	" SELECT import_id FROM cramplog." table \
	" UNION SELECT first_import_id FROM cramplog." table
/* A team role's reads, set-based: the athletes it may read (the athletes'
 * own policy, one call of may() an athlete) hashed once, not a call of
 * may_athlete (a query) for every row: a coach's count of 287k sessions'
 * rows took 52 s. The same rows either way. */
#define TEAM_READ_SET(table) \
	"ALTER POLICY team_read ON cramplog." table \
	" USING (athlete_id IN (SELECT id FROM cramplog.athletes));"
static const char *const migration_9[] = {
	TEAM_READ_SET("training") TEAM_READ_SET("hydration")
	TEAM_READ_SET("diet") TEAM_READ_SET("app_units")
	TEAM_READ_SET("kept_days") TEAM_READ_SET("kept_sessions")
	TEAM_READ_SET("kept_pending"),
	"ALTER TABLE cramplog.imports ADD COLUMN imported_by text COLLATE \"C\";"
	"ALTER TABLE cramplog.imports ALTER COLUMN imported_by"
	"  SET DEFAULT current_user;"
	"CREATE FUNCTION cramplog.next_import_id() RETURNS bigint"
	" LANGUAGE sql STABLE SECURITY DEFINER"
	" SET search_path = pg_catalog, pg_temp AS $$"
	" SELECT coalesce(max(id), 0) + 1 FROM cramplog.imports $$;"
	"REVOKE EXECUTE ON FUNCTION cramplog.next_import_id() FROM PUBLIC;"
	"ALTER TABLE cramplog.imports ENABLE ROW LEVEL SECURITY;"
	"CREATE POLICY team_read ON cramplog.imports FOR SELECT"
	" USING (imported_by = current_user OR id IN ("
	IMPORT_TOUCHED("training") " UNION" IMPORT_TOUCHED("hydration")
	" UNION" IMPORT_TOUCHED("diet") "));"
	"CREATE POLICY own_add ON cramplog.imports FOR INSERT"
	" WITH CHECK (imported_by = current_user);"
	"CREATE POLICY own_change ON cramplog.imports FOR UPDATE"
	" USING (imported_by = current_user)"
	" WITH CHECK (imported_by = current_user);",
	/* The roles given a team to write before: the new function. */
	"DO $$ DECLARE r record; BEGIN"
	" FOR r IN SELECT DISTINCT a.role FROM cramplog.team_access a"
	"  JOIN pg_roles p ON p.rolname = a.role WHERE a.can_write LOOP"
	"  EXECUTE format('GRANT EXECUTE ON FUNCTION"
	" cramplog.next_import_id() TO %I', r.role);"
	" END LOOP; END $$;"
	"COMMENT ON SCHEMA cramplog IS 'cramplog schema 9';",
	NULL
};

/* 10: a role that runs its own SQL (psql) keeps to its teams (reviews 11b
 * and 12a):
 * - set_team gives a team to an athlete of none only as the owner or in
 *   the transaction that added it (athletes_added, by the transaction's
 *   64-bit id: a 32-bit xmin comes round again); a write role took any
 *   athlete of no team into its team, and read its rows;
 * - a key, of a team or of an athlete, must be the name folded as
 *   text_casefold folds it (cramplog.fold, on the name's UTF-8 bytes
 *   whatever the database's encoding);
 * - may() and own_imports() answer only for the session's own roles;
 * - a new import's id must be the next one, and a role changes only an
 *   import's counts (an id of 2^63 - 1 blocked every later import);
 *   next_import_id and add_athlete take the writers' lock, so that a role
 *   holding a new id makes the imports started meanwhile wait, not fail;
 * - a row's import ids are the role's own imports (pointed at another
 *   team's, they showed its file name), and an update keeps
 *   first_import_id;
 * - a role's privileges are set by cramplog.set_privileges, the column
 *   lists read from the catalog. */
#define OWN_IMPORT(column) \
	" AND " column " IN (SELECT cramplog.own_imports(current_user))"
#define ROW_IMPORT_POLICIES(table) \
	"ALTER POLICY team_add ON cramplog." table " WITH CHECK" \
	" (cramplog.may_athlete(current_user, athlete_id, true)" \
	OWN_IMPORT("import_id") OWN_IMPORT("first_import_id") ");" \
	"ALTER POLICY team_change ON cramplog." table " WITH CHECK" \
	" (cramplog.may_athlete(current_user, athlete_id, true)" \
	OWN_IMPORT("import_id") ");"
/* What set_privileges revokes and grants to write. */
#define WRITE_FUNCTIONS_10 "FUNCTION cramplog.add_athlete(text, text, text)," \
	" cramplog.set_team(bigint, text, text), cramplog.next_import_id()," \
	" cramplog.own_imports(name)"
/* A name's limit (the tables' CHECKs), before it is folded. */
#define NAME_LIMIT(what, name) \
	"  IF length(" name ") > 200 THEN" \
	"   RAISE EXCEPTION '" what " longer than 200 characters'" \
	"    USING ERRCODE = '22001';" \
	"  END IF;"
static const char *const migration_10[] = {
	/* text_casefold (core/text.c) on the UTF-8 bytes: the letters it
	 * folds are ASCII or of two bytes, and stay so. */
	"CREATE FUNCTION cramplog.fold(t text) RETURNS text"
	" LANGUAGE plpgsql IMMUTABLE STRICT"
	" SET search_path = pg_catalog, pg_temp AS $$"
	" DECLARE b bytea; n int; i int := 0; c int;"
	" BEGIN"
	"  b := convert_to(regexp_replace(btrim(t, E' \\t'), E'[ \\t]+', ' ',"
	"   'g'), 'UTF8');"
	"  n := length(b);"
	"  WHILE i < n LOOP"
	"   c := get_byte(b, i);"
	"   IF c BETWEEN 65 AND 90 THEN"
	"    b := set_byte(b, i, c + 32);"
	"   ELSIF c BETWEEN 192 AND 223 AND i + 1 < n THEN"
	"    c := ((c & 31) << 6) | (get_byte(b, i + 1) & 63);"
	"    IF (c BETWEEN 192 AND 222 AND c <> 215) OR (c BETWEEN 913 AND 939"
	"     AND c <> 930) OR c BETWEEN 1040 AND 1071 THEN c := c + 32;"
	"    ELSIF c BETWEEN 256 AND 311 OR c BETWEEN 330 AND 375 THEN"
	"     c := c | 1;"
	"    ELSIF (c BETWEEN 313 AND 328 OR c BETWEEN 377 AND 382) AND"
	"     c % 2 = 1 THEN c := c + 1;"
	"    ELSIF c = 376 THEN c := 255;"
	"    ELSIF c BETWEEN 1024 AND 1039 THEN c := c + 80;"
	"    END IF;"
	"    b := set_byte(set_byte(b, i, 192 | (c >> 6)), i + 1, 128 | (c & 63));"
	"    i := i + 1;"
	"   ELSIF c >= 240 AND i + 3 < n THEN i := i + 3;"
	"   ELSIF c >= 224 AND i + 2 < n THEN i := i + 2;"
	"   END IF;"
	"   i := i + 1;"
	"  END LOOP;"
	"  RETURN convert_from(b, 'UTF8');"
	" END $$;",
	"CREATE OR REPLACE FUNCTION cramplog.may(u name, key text,"
	"  write boolean) RETURNS boolean LANGUAGE sql STABLE SECURITY DEFINER"
	" SET search_path = pg_catalog, pg_temp AS $$"
	" SELECT pg_has_role(session_user, u, 'MEMBER') AND ("
	"  pg_has_role(u, (SELECT nspowner FROM pg_namespace"
	"   WHERE nspname = 'cramplog'), 'MEMBER')"
	"  OR EXISTS (SELECT 1 FROM cramplog.team_access a"
	"   JOIN pg_roles r ON r.rolname = a.role WHERE a.team_key = key"
	"   AND (a.can_write OR NOT write) AND pg_has_role(u, r.oid, 'MEMBER')))"
	" $$;"
	/* Which transaction added each athlete (add_athlete), for set_team
	 * (no foreign key: an athlete deleted by hand, its id given again,
	 * is recorded again). No role reads a row of it (row-level
	 * security, no policy; SELECT is granted with the other tables', or
	 * the schema's shape would read as another's); no copy copies it. */
	"CREATE TABLE cramplog.athletes_added ("
	"  athlete_id bigint PRIMARY KEY,"
	"  xact xid8 NOT NULL"
	");"
	"ALTER TABLE cramplog.athletes_added ENABLE ROW LEVEL SECURITY;"
	"CREATE OR REPLACE FUNCTION cramplog.add_athlete(n text, key text,"
	"  at text) RETURNS bigint LANGUAGE plpgsql SECURITY DEFINER"
	" SET search_path = pg_catalog, pg_temp AS $$"
	" DECLARE new_id bigint;"
	" BEGIN"
	NAME_LIMIT("an athlete''s name", "n")
	"  IF key IS DISTINCT FROM cramplog.fold(n) THEN"
	"   RAISE EXCEPTION 'the key of athlete % is not its name folded', n"
	"    USING ERRCODE = '22023';"
	"  END IF;"
	"  PERFORM pg_advisory_xact_lock(" WRITER_LOCK ");"
	"  INSERT INTO cramplog.athletes(id, name, name_key, created_at)"
	"   SELECT coalesce(max(id), 0) + 1, n, key, at FROM cramplog.athletes"
	"   ON CONFLICT (name_key) DO NOTHING RETURNING id INTO new_id;"
	"  IF new_id IS NULL THEN"
	"   RAISE EXCEPTION 'the athlete % is in a team this role may not"
	" write', n USING ERRCODE = '42501';"
	"  END IF;"
	"  INSERT INTO cramplog.athletes_added VALUES (new_id,"
	"   pg_current_xact_id()) ON CONFLICT (athlete_id) DO UPDATE"
	"   SET xact = EXCLUDED.xact;"
	"  RETURN new_id;"
	" END $$;"
	"CREATE OR REPLACE FUNCTION cramplog.set_team(athlete bigint, t text,"
	"  key text) RETURNS void LANGUAGE plpgsql SECURITY DEFINER"
	" SET search_path = pg_catalog, pg_temp AS $$"
	" DECLARE was text; known boolean; fresh boolean;"
	" BEGIN"
	NAME_LIMIT("a team''s name", "t")
	"  IF key IS DISTINCT FROM cramplog.fold(t) THEN"
	"   RAISE EXCEPTION 'the key of team % is not its name folded', t"
	"    USING ERRCODE = '22023';"
	"  END IF;"
	"  SELECT team_key INTO was FROM cramplog.athletes WHERE id = athlete;"
	"  known := FOUND;"
	"  fresh := EXISTS (SELECT 1 FROM cramplog.athletes_added"
	"   WHERE athlete_id = athlete AND xact = pg_current_xact_id());"
	"  IF NOT known OR NOT cramplog.may(session_user, key, true) OR"
	"   (was IS NULL AND NOT fresh AND NOT cramplog.may(session_user, NULL,"
	"    true)) OR (was IS NOT NULL AND NOT cramplog.may(session_user, was,"
	"    true)) THEN"
	"   RAISE EXCEPTION 'this role may not write the athletes of team %',"
	"    t USING ERRCODE = '42501';"
	"  END IF;"
	"  UPDATE cramplog.athletes SET team = t, team_key = key"
	"   WHERE id = athlete AND (team IS NULL OR team <> t);"
	" END $$;"
	"CREATE OR REPLACE FUNCTION cramplog.next_import_id() RETURNS bigint"
	" LANGUAGE plpgsql VOLATILE SECURITY DEFINER"
	" SET search_path = pg_catalog, pg_temp AS $$"
	" BEGIN"
	"  PERFORM pg_advisory_xact_lock(" WRITER_LOCK ");"
	"  RETURN (SELECT coalesce(max(id), 0) + 1 FROM cramplog.imports);"
	" END $$;"
	"CREATE FUNCTION cramplog.own_imports(u name) RETURNS SETOF bigint"
	" LANGUAGE sql STABLE SECURITY DEFINER"
	" SET search_path = pg_catalog, pg_temp AS $$"
	" SELECT id FROM cramplog.imports WHERE imported_by = u"
	"  AND pg_has_role(session_user, u, 'MEMBER') $$;"
	"REVOKE EXECUTE ON FUNCTION cramplog.own_imports(name) FROM PUBLIC;",
	ROW_IMPORT_POLICIES("training") ROW_IMPORT_POLICIES("hydration")
	ROW_IMPORT_POLICIES("diet")
	"ALTER POLICY own_add ON cramplog.imports WITH CHECK"
	" (imported_by = current_user AND id = cramplog.next_import_id());",
	/* Run by the owner (cramplog grant and revoke, and below). */
	"CREATE FUNCTION cramplog.set_privileges(r text) RETURNS void"
	" LANGUAGE plpgsql SET search_path = pg_catalog, pg_temp AS $$"
	" DECLARE reads boolean; writes boolean; t text;"
	" BEGIN"
	"  SELECT count(*) > 0, coalesce(bool_or(can_write), false)"
	"   INTO reads, writes FROM cramplog.team_access WHERE role = r;"
	"  EXECUTE format('REVOKE ALL ON ALL TABLES IN SCHEMA cramplog FROM %I;"
	"   REVOKE EXECUTE ON " WRITE_FUNCTIONS_10 " FROM %I;"
	"   REVOKE USAGE ON SCHEMA cramplog FROM %I', r, r, r);"
	"  IF reads THEN"
	"   EXECUTE format('GRANT USAGE ON SCHEMA cramplog TO %I;"
	"    GRANT SELECT ON ALL TABLES IN SCHEMA cramplog TO %I', r, r);"
	"  END IF;"
	"  IF NOT writes THEN RETURN; END IF;"
	"  EXECUTE format('GRANT INSERT ON cramplog.imports, cramplog.training,"
	"   cramplog.hydration, cramplog.diet, cramplog.app_units TO %I;"
	"   GRANT UPDATE (rows, added, updated, unchanged, rejected)"
	"   ON cramplog.imports TO %I;"
	"   GRANT UPDATE ON cramplog.app_units TO %I;"
	"   GRANT INSERT, UPDATE, DELETE ON cramplog.kept_days,"
	"   cramplog.kept_sessions, cramplog.kept_pending TO %I;"
	"   GRANT EXECUTE ON " WRITE_FUNCTIONS_10 " TO %I', r, r, r, r, r);"
	"  FOREACH t IN ARRAY ARRAY['training', 'hydration', 'diet'] LOOP"
	"   EXECUTE format('GRANT UPDATE (%s) ON cramplog.%I TO %I',"
	"    (SELECT string_agg(quote_ident(attname), ', ' ORDER BY attnum)"
	"     FROM pg_attribute WHERE attrelid = format('cramplog.%I', t)::regclass"
	"     AND attnum > 0 AND NOT attisdropped"
	"     AND attname <> 'first_import_id'), t, r);"
	"  END LOOP;"
	" END $$;"
	"REVOKE EXECUTE ON FUNCTION cramplog.set_privileges(text) FROM PUBLIC;"
	"DO $$ DECLARE r record; BEGIN"
	" FOR r IN SELECT DISTINCT a.role FROM cramplog.team_access a"
	"  JOIN pg_roles p ON p.rolname = a.role LOOP"
	"  PERFORM cramplog.set_privileges(r.role);"
	" END LOOP; END $$;"
	"COMMENT ON SCHEMA cramplog IS 'cramplog schema 10';",
	NULL
};

static const char *const *const migrations_sql[] = {
	migration_6, migration_7, migration_8, migration_9, migration_10,
};

/* The shape of the schema of each version from 5 on: the md5 of its
 * tables' columns (name, type, nullability, collation) and constraints
 * (table, name, kind), as shape_sql gives them: what stays the same
 * across PostgreSQL's versions. A schema "cramplog" of another shape is
 * not ours. */
static const char *const schema_shapes[] = {
	"23c72f64c5fcd9f8f46a1df90c457ba3",     /* 5 */
	"2ac31536df0d494eeb4a98a3adfeb7e7",     /* 6 */
	"1c7525e1027918d33960b7b9d2f6a777",     /* 7 */
	"e3ceac77fe7dc4709a289033270d5dc8",     /* 8 */
	"4eba0c19909d498ffc9806c0ba5b6e25",     /* 9 */
	"6e3cbe4650ff7e9768037214f7e5fa79",     /* 10 */
};
_Static_assert(sizeof(schema_shapes) / sizeof(*schema_shapes) ==
	       STORE_SCHEMA_VERSION - 4, "a shape for each version from 5");

static const char shape_sql[] =
	"SELECT md5(coalesce((SELECT string_agg(table_name || '.' ||"
	"  column_name || ':' || data_type || ':' || is_nullable || ':' ||"
	"  coalesce(collation_name, ''), ',' ORDER BY table_name, column_name)"
	"  FROM information_schema.columns WHERE table_schema = 'cramplog'), '')"
	" || ';' || coalesce((SELECT string_agg(r.relname || ':' || c.conname ||"
	"  ':' || c.contype::text, ',' ORDER BY r.relname, c.conname)"
	"  FROM pg_constraint c JOIN pg_namespace n ON n.oid = c.connamespace"
	"  JOIN pg_class r ON r.oid = c.conrelid"
	"  WHERE n.nspname = 'cramplog'), ''))";

/* libpq's message on one line, without its final newline. */
static void add_message(struct strbuf *sb, const char *msg)
{
	int space = 0;

	for (const char *p = msg ? msg : "unknown error"; *p; p++) {
		if (*p == '\n' || *p == '\r' || *p == '\t' || *p == ' ') {
			space = 1;
			continue;
		}
		if (space && sb->len)
			strbuf_addch(sb, ' ');
		space = 0;
		strbuf_addch(sb, *p);
	}
}

/* Adds "what: libpq's message" to d, for the store's database; -1. */
static int pg_error(struct pgstore *pg, struct diag *d, const char *what,
		    const char *msg)
{
	struct strbuf sb = STRBUF_INIT;

	add_message(&sb, msg ? msg : PQerrorMessage(pg->conn));
	diag_add(d, DIAG_ERROR, pg->uri, 0, 0, "%s: %s", what, sb.buf);
	strbuf_release(&sb);
	return -1;
}

/* What to do about a refusal, by the server's words. */
static const struct {
	const char *said, *hint;
} refusal_hints[] = {
	{ "permission denied to create role", "to make a team's role the "
	  "schema's owner needs the CREATEROLE attribute; or make the role "
	  "first, as one who may: CREATE ROLE name NOLOGIN" },
	{ "permission denied for table team_access", "run grant and revoke as "
	  "the owner of the schema cramplog" },
	{ "must be owner", "run grant and revoke as the owner of the schema "
	  "cramplog" },
	{ "permission denied for table imports", "this role may only read its "
	  "teams, not import: the schema's owner gives a team to write with "
	  "'cramplog grant ROLE --team NAME --write'" },
	{ "permission denied for schema cramplog", "this role was given no "
	  "team: the schema's owner gives one with 'cramplog grant ROLE "
	  "--team NAME --read'" },
};

/* pg_error for a failed result: "what: libpq's message"; but a refusal
 * (SQLSTATE 42501, insufficient privilege: a table or a role the role may
 * not make or change, or a team, which our functions raise; P0001,
 * another raised by them) is told as it is, without the server's
 * context, with what to do about it when we know. */
static int result_error(struct pgstore *pg, struct diag *d, const char *what,
			const PGresult *res)
{
	const char *s = PQresultErrorField(res, PG_DIAG_SQLSTATE);
	const char *m = PQresultErrorField(res, PG_DIAG_MESSAGE_PRIMARY);
	struct strbuf sb = STRBUF_INIT;

	if (!s || !m || (strcmp(s, "P0001") != 0 && strcmp(s, "42501") != 0))
		return pg_error(pg, d, what, PQresultErrorMessage(res));
	add_message(&sb, m);
	for (size_t i = 0; i < sizeof(refusal_hints) / sizeof(refusal_hints[0]);
	     i++)
		if (strstr(m, refusal_hints[i].said)) {
			strbuf_addf(&sb, "; %s", refusal_hints[i].hint);
			break;
		}
	diag_add(d, DIAG_ERROR, pg->uri, 0, 0, "the database refused: %s",
		 sb.buf);
	strbuf_release(&sb);
	return -1;
}

/* pg_error for a row the server refused to write: a role refused by
 * row-level security (SQLSTATE 42501) is told why. */
static int write_error(struct pgstore *pg, struct diag *d, const PGresult *res)
{
	const char *s = PQresultErrorField(res, PG_DIAG_SQLSTATE);

	if (s && strcmp(s, "42501") == 0)
		return pg_error(pg, d, "cannot write a row: this role may write"
				" only the athletes of its teams, and an athlete"
				" of no team (as an app export imported without"
				" --team NAME gives) is none of them",
				PQresultErrorMessage(res));
	return pg_error(pg, d, "cannot write a row", PQresultErrorMessage(res));
}

/* sql with SQLite's ?N parameters as PostgreSQL's $N. store.c's SQL
 * holds no '?' anywhere else (no string literal has one). */
static void convert_sql(struct strbuf *out, const char *sql)
{
	for (const char *p = sql; *p; p++)
		strbuf_addch(out, *p == '?' ? '$' : *p);
}

/* Adds bytea's text form of the n bytes s: \x and two hex digits a byte. */
static void bytea_hex(struct strbuf *out, const void *s, size_t n)
{
	static const char hex[] = "0123456789abcdef";
	const unsigned char *b = s;

	strbuf_addstr(out, "\\x");
	for (size_t i = 0; i < n; i++) {
		strbuf_addch(out, hex[b[i] >> 4]);
		strbuf_addch(out, hex[b[i] & 15]);
	}
}

static int hex_digit(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

int pg_bytea_decode(const char *v, struct strbuf *out)
{
	size_t n = strlen(v);

	strbuf_reset(out);
	if (n < 2 || v[0] != '\\' || v[1] != 'x' || n % 2)
		return -1;
	for (size_t i = 2; i < n; i += 2) {
		int hi = hex_digit(v[i]), lo = hex_digit(v[i + 1]);

		if (hi < 0 || lo < 0)
			return -1;
		strbuf_addch(out, (char)(hi << 4 | lo));
	}
	return 0;
}

/* The parameters as libpq takes them: text, their types given. */
struct pg_params {
	const char **values;
	Oid *types;
	char (*numbers)[32];
	int n;
};

static void params_init(struct pg_params *pp, const struct store_param *p,
			int n, struct strbuf *texts)
{
	size_t *offsets = xcalloc((size_t)n + 1, sizeof(*offsets));

	pp->n = n;
	pp->values = xcalloc((size_t)n + 1, sizeof(*pp->values));
	pp->types = xcalloc((size_t)n + 1, sizeof(*pp->types));
	pp->numbers = xcalloc((size_t)n + 1, sizeof(*pp->numbers));
	strbuf_reset(texts);
	for (int i = 0; i < n; i++) {
		offsets[i] = texts->len;
		switch (p[i].type) {
		case P_INT:
			pp->types[i] = INT8OID;
			snprintf(pp->numbers[i], sizeof(pp->numbers[i]), "%" PRId64,
				 p[i].i);
			break;
		case P_REAL:
			pp->types[i] = FLOAT8OID;
			snprintf(pp->numbers[i], sizeof(pp->numbers[i]), "%.17g",
				 p[i].r);
			break;
		case P_BLOB:
			pp->types[i] = BYTEAOID;
			if (!p[i].null) {
				bytea_hex(texts, p[i].s, p[i].len);
				strbuf_addch(texts, '\0');
			}
			break;
		default:
			pp->types[i] = TEXTOID;
			if (!p[i].null) {
				strbuf_add(texts, p[i].s, p[i].len);
				strbuf_addch(texts, '\0');
			}
			break;
		}
	}
	/* The texts' buffer moved while it grew: point into it now. */
	for (int i = 0; i < n; i++) {
		if (p[i].null || (p[i].type == P_REAL && isnan(p[i].r)))
			pp->values[i] = NULL;
		else if (p[i].type == P_TEXT || p[i].type == P_BLOB)
			pp->values[i] = texts->buf + offsets[i];
		else
			pp->values[i] = pp->numbers[i];
	}
	free(offsets);
}

static void params_release(struct pg_params *pp)
{
	free(pp->values);
	free(pp->types);
	free(pp->numbers);
}

/* Runs sql (no parameters, no rows wanted): 0, or -1. */
static int run(struct pgstore *pg, const char *sql, const char *what,
	       struct diag *d)
{
	PGresult *res = PQexec(pg->conn, sql);
	int ok = PQresultStatus(res) == PGRES_COMMAND_OK ||
		 PQresultStatus(res) == PGRES_TUPLES_OK;

	if (!ok)
		result_error(pg, d, what, res);
	PQclear(res);
	return ok ? 0 : -1;
}

/* The schema version its comment gives: >= 1, 0 when there is no schema
 * cramplog, -2 when it has none of ours (not cramplog's), -1 on error. */
static int schema_version(struct pgstore *pg, struct diag *d)
{
	PGresult *res = PQexec(pg->conn, "SELECT obj_description(oid, "
			       "'pg_namespace') FROM pg_namespace WHERE "
			       "nspname = 'cramplog'");
	const char *comment, *prefix = "cramplog schema ";
	char *end;
	long v;

	if (PQresultStatus(res) != PGRES_TUPLES_OK) {
		pg_error(pg, d, "cannot read the database",
			 PQresultErrorMessage(res));
		PQclear(res);
		return -1;
	}
	if (PQntuples(res) == 0) {
		PQclear(res);
		return 0;
	}
	comment = PQgetisnull(res, 0, 0) ? "" : PQgetvalue(res, 0, 0);
	v = -2;
	if (strncmp(comment, prefix, strlen(prefix)) == 0) {
		v = strtol(comment + strlen(prefix), &end, 10);
		if (*end || v < 1 || v > 1000000)
			v = -2;
	}
	PQclear(res);
	return (int)v;
}

/* The one boolean sql asks: 1 or 0, or -1 on error. */
static int ask(struct pgstore *pg, const char *sql, struct diag *d)
{
	PGresult *res = PQexec(pg->conn, sql);
	int yes;

	if (PQresultStatus(res) != PGRES_TUPLES_OK || PQntuples(res) != 1) {
		result_error(pg, d, "cannot read the database", res);
		PQclear(res);
		return -1;
	}
	yes = strcmp(PQgetvalue(res, 0, 0), "t") == 0;
	PQclear(res);
	return yes;
}

/* 1 when the role may use the schema cramplog (its owner, or given a
 * team), 0 when not, -1 on error. */
static int may_use_schema(struct pgstore *pg, struct diag *d)
{
	return ask(pg, "SELECT has_schema_privilege('cramplog', 'USAGE')", d);
}

/* 1 when the role owns the schema cramplog (or is a member of its owner),
 * which a migration needs, 0 when not, -1 on error. */
static int owns_schema(struct pgstore *pg, struct diag *d)
{
	return ask(pg, "SELECT pg_has_role(nspowner, 'USAGE') FROM pg_namespace"
		   " WHERE nspname = 'cramplog'", d);
}

/* 1 when the schema has the shape of version (5 or more), 0 when not, -1
 * on error. */
static int shape_matches(struct pgstore *pg, int version, struct diag *d)
{
	PGresult *res = PQexec(pg->conn, shape_sql);
	int same;

	if (PQresultStatus(res) != PGRES_TUPLES_OK || PQntuples(res) != 1) {
		pg_error(pg, d, "cannot read the database",
			 PQresultErrorMessage(res));
		PQclear(res);
		return -1;
	}
	same = strcmp(PQgetvalue(res, 0, 0), schema_shapes[version - 5]) == 0;
	PQclear(res);
	return same;
}

/* A writer's transaction: read committed whatever the session's default
 * (PGOPTIONS, the role's or the database's settings): under repeatable
 * read its snapshot would be taken before the writers' lock is granted,
 * and it would not see the writer before it (review 11b: 22 of 24
 * imports started together failed on a duplicate key). */
#define WRITE_BEGIN "BEGIN ISOLATION LEVEL READ COMMITTED"

/* Makes the schema when there is none, or migrates one of version 5 on,
 * once even when several commands start together: in a transaction that
 * first takes the writers' lock. A schema of version 5 on is migrated only
 * when of its version's shape; *found is the version found under the
 * lock. Returns 0, -1, or STORE_ERR_FOREIGN when the shape is not ours. */
static int create_schema(struct pgstore *pg, int *found, struct diag *d)
{
	int v, same;

	if (run(pg, WRITE_BEGIN, "cannot set up the database", d) < 0)
		return -1;
	if (run(pg, "SELECT pg_advisory_xact_lock(" WRITER_LOCK ")",
		"cannot set up the database", d) < 0)
		goto fail;
	if ((v = schema_version(pg, d)) < 0)
		goto fail;
	*found = v;
	for (size_t i = 0; v == 0 && i < sizeof(schema_sql) / sizeof(*schema_sql);
	     i++)
		if (run(pg, schema_sql[i], "cannot set up the database", d) < 0)
			goto fail;
	if (v == 0)
		v = 5;
	if (v >= 5 && v < STORE_SCHEMA_VERSION) {
		if ((same = owns_schema(pg, d)) < 0)
			goto fail;
		if (!same) {
			diag_add(d, DIAG_ERROR, pg->uri, 0, 0, "the database has "
				 "schema version %d and this cramplog writes "
				 "version %d: the owner of the schema cramplog "
				 "must upgrade it first ('cramplog upgrade')", v,
				 STORE_SCHEMA_VERSION);
			run(pg, "ROLLBACK", "cannot roll back", d);
			return STORE_ERR_VERSION;
		}
		if ((same = shape_matches(pg, v, d)) < 0)
			goto fail;
		if (!same) {
			run(pg, "ROLLBACK", "cannot roll back", d);
			return STORE_ERR_FOREIGN;
		}
	}
	for (; v >= 5 && v < STORE_SCHEMA_VERSION; v++)
		for (const char *const *step = migrations_sql[v - 5]; *step; step++)
			if (run(pg, *step, "cannot upgrade the database", d) < 0)
				goto fail;
	return run(pg, "COMMIT", "cannot set up the database", d);
fail:
	run(pg, "ROLLBACK", "cannot roll back", d);
	return -1;
}

/* Refuses a URI libpq cannot read, or one that holds a password. */
static int check_uri(const char *uri, struct diag *d)
{
	char *err = NULL;
	PQconninfoOption *opts = PQconninfoParse(uri, &err);
	int ret = 0;

	if (!opts) {
		struct strbuf sb = STRBUF_INIT;

		add_message(&sb, err ? err : "out of memory");
		diag_add(d, DIAG_ERROR, NULL, 0, 0, "cannot read the database "
			 "URI: %s", sb.buf);
		strbuf_release(&sb);
		PQfreemem(err);
		return STORE_ERR_USAGE;
	}
	for (PQconninfoOption *o = opts; o->keyword; o++) {
		/* A key file's passphrase (sslpassword) is as secret. */
		if ((strcmp(o->keyword, "password") == 0 ||
		     strcmp(o->keyword, "sslpassword") == 0) && o->val &&
		    *o->val && ret == 0) {
			diag_add(d, DIAG_ERROR, NULL, 0, 0, "the database URI "
				 "holds a password, which would show in ps "
				 "and in shell history: remove it from the "
				 "URI and put it in ~/.pgpass (or the file "
				 "PGPASSFILE names), as libpq documents");
			ret = STORE_ERR_USAGE;
		}
	}
	PQconninfoFree(opts);
	return ret;
}

/* The server's notices ("relation already exists, skipping") are not for
 * the user: libpq would print them. */
static void ignore_notice(void *arg, const char *message)
{
	(void)arg;
	(void)message;
}

static int open_connection(struct pgstore *pg, struct diag *d)
{
	pg->conn = PQconnectdb(pg->uri);
	if (!pg->conn)
		die("out of memory");
	PQsetNoticeProcessor(pg->conn, ignore_notice, NULL);
	if (PQstatus(pg->conn) != CONNECTION_OK) {
		pg_error(pg, d, "cannot connect to the database", NULL);
		return STORE_ERR_UNAVAILABLE;
	}
	pg->cancel = PQgetCancel(pg->conn);
	if (PQsetClientEncoding(pg->conn, "UTF8") != 0 ||
	    run(pg, "SELECT set_config('search_path', 'cramplog', false),"
		" set_config('lock_timeout', '" STRINGIFY(STORE_BUSY_TIMEOUT_MS)
		"', false), set_config('bytea_output', 'hex', false)",
		"cannot set up the connection", d) < 0)
		return STORE_ERR_IO;
	return 0;
}

int pg_open(struct pgstore **out, const char *uri, unsigned flags,
	    int *version, struct diag *d)
{
	struct pgstore *pg;
	int readonly = (flags & STORE_READONLY) != 0;
	int ret, v;

	*out = NULL;
	*version = 0;
	if ((ret = check_uri(uri, d)) < 0)
		return ret;
	pg = xcalloc(1, sizeof(*pg));
	strbuf_init(&pg->copy);
	pg->uri = xstrdup(uri);
	pg->flags = flags;
	pg->readonly = readonly;
	if ((ret = open_connection(pg, d)) < 0)
		goto fail;
	ret = STORE_ERR_IO;
	if ((v = schema_version(pg, d)) == -1)
		goto fail;
	*version = v > 0 ? v : 0;
	if (v == 0 && (readonly || !(flags & STORE_CREATE))) {
		diag_add(d, DIAG_ERROR, pg->uri, 0, 0, "the database is empty: "
			 "import some logs first ('cramplog import FILE...')");
		ret = STORE_ERR_EMPTY;
		goto fail;
	}
	if (v == 0 && (flags & STORE_SCRATCH)) {
		pg_close(pg);
		return 1;
	}
	if (v >= 5 && v < STORE_SCHEMA_VERSION &&
	    (readonly || (flags & STORE_SCRATCH))) {
		diag_add(d, DIAG_ERROR, pg->uri, 0, 0, "the database has schema "
			 "version %d and this cramplog reads version %d: upgrade "
			 "it first with 'cramplog upgrade' (a dry run, or a "
			 "command that only reads, never changes it)", v,
			 STORE_SCHEMA_VERSION);
		ret = STORE_ERR_VERSION;
		goto fail;
	}
	if (v == 0 || (v >= 5 && v < STORE_SCHEMA_VERSION)) {
		/* The version found once the writers' lock is held: another
		 * writer may have set up or upgraded the schema meanwhile. */
		int locked = v, made = create_schema(pg, &locked, d);

		if (made == STORE_ERR_FOREIGN)
			goto foreign;
		if (made == STORE_ERR_VERSION) {
			ret = made;
			goto fail;
		}
		if (made < 0 || (v = schema_version(pg, d)) < 0)
			goto fail;
		*version = locked > 0 ? locked : 0;
	}
	if (v > STORE_SCHEMA_VERSION) {
		diag_add(d, DIAG_ERROR, pg->uri, 0, 0, "the database has schema "
			 "version %d; this cramplog knows up to %d: use a newer "
			 "cramplog", v, STORE_SCHEMA_VERSION);
		ret = STORE_ERR_VERSION;
		goto fail;
	}
	/* A role given no team may not look into the schema: its shape
	 * would read as another's. */
	if (v == STORE_SCHEMA_VERSION && (ret = may_use_schema(pg, d)) <= 0) {
		if (ret == 0)
			diag_add(d, DIAG_ERROR, pg->uri, 0, 0, "this role may "
				 "read nothing in the database: it was given no "
				 "team (the schema's owner gives one with "
				 "'cramplog grant ROLE --team NAME --read')");
		ret = ret == 0 ? STORE_ERR_VERSION : STORE_ERR_IO;
		goto fail;
	}
	if (v != STORE_SCHEMA_VERSION ||
	    (ret = shape_matches(pg, v, d)) == 0) {
foreign:
		diag_add(d, DIAG_ERROR, pg->uri, 0, 0, "the database's schema "
			 "\"cramplog\" is not cramplog's (not the tables this "
			 "version makes): left untouched");
		ret = STORE_ERR_FOREIGN;
		goto fail;
	}
	if (ret < 0) {
		ret = STORE_ERR_IO;
		goto fail;
	}
	/* A reader sees one snapshot, whatever imports land meanwhile. */
	if (readonly && run(pg, "BEGIN ISOLATION LEVEL REPEATABLE READ READ "
			    "ONLY", "cannot read the database", d) < 0) {
		ret = STORE_ERR_IO;
		goto fail;
	}
	pg->in_transaction = readonly;
	*out = pg;
	return 0;
fail:
	pg_close(pg);
	return ret;
}

/*
 * A second reader in pg's own snapshot: pg (a reader, in its REPEATABLE
 * READ transaction since it opened) exports the snapshot it reads in, and
 * the new connection's transaction takes it (SET TRANSACTION SNAPSHOT, its
 * first statement), so both see the same rows whatever imports land
 * meanwhile. The id cannot be a bound parameter of SET: it is the
 * server's own text, checked to be hex digits and dashes before it is
 * quoted.
 */
struct pgstore *pg_open_reader(struct pgstore *pg)
{
	struct diag d = DIAG_INIT;
	struct strbuf sql = STRBUF_INIT;
	struct pgstore *r = NULL;
	PGresult *res;
	const char *id;
	int version;

	if (!pg->readonly || !pg->in_transaction)
		return NULL;
	res = PQexec(pg->conn, "SELECT pg_export_snapshot()");
	id = PQresultStatus(res) == PGRES_TUPLES_OK && PQntuples(res) == 1 ?
	     PQgetvalue(res, 0, 0) : "";
	if (*id && strlen(id) < 64 && strspn(id, "0123456789ABCDEFabcdef-") ==
	    strlen(id)) {
		strbuf_addf(&sql, "SET TRANSACTION SNAPSHOT '%s'", id);
		if (pg_open(&r, pg->uri, STORE_READONLY, &version, &d) != 0)
			r = NULL;
		else if (run(r, sql.buf, "cannot share the snapshot", &d) < 0) {
			pg_close(r);
			r = NULL;
		}
	}
	PQclear(res);
	strbuf_release(&sql);
	diag_release(&d);
	return r;
}

void pg_close(struct pgstore *pg)
{
	if (!pg)
		return;
	if (pg->cancel)
		PQfreeCancel(pg->cancel);
	PQfinish(pg->conn);
	strbuf_release(&pg->copy);
	free(pg->uri);
	free(pg);
}

const char *pg_uri(const struct pgstore *pg)
{
	return pg->uri;
}

int pg_begin(struct pgstore *pg, struct diag *d)
{
	if (run(pg, WRITE_BEGIN, "cannot start a transaction", d) < 0)
		return -1;
	pg->in_transaction = 1;
	if (run(pg, "SELECT pg_advisory_xact_lock(" WRITER_LOCK ")",
		"cannot start a transaction", d) < 0) {
		pg_rollback(pg);
		return -1;
	}
	return 0;
}

int pg_commit(struct pgstore *pg, struct diag *d)
{
	if (run(pg, "COMMIT", "cannot commit", d) < 0) {
		pg_rollback(pg);
		return -1;
	}
	pg->in_transaction = 0;
	return 0;
}

void pg_rollback(struct pgstore *pg)
{
	PGresult *res = PQexec(pg->conn, "ROLLBACK");

	PQclear(res);
	pg->in_transaction = 0;
}

/* Fetches the next batch of r's cursor: 0, or -1. */
static int fetch(struct pgrows *r, struct diag *d)
{
	struct pgstore *pg = r->pg;
	struct strbuf sql = STRBUF_INIT;

	PQclear(r->res);
	strbuf_addf(&sql, "FETCH FORWARD %d FROM %s", FETCH_ROWS, r->cursor);
	r->res = PQexec(pg->conn, sql.buf);
	strbuf_release(&sql);
	r->row = -1;
	if (PQresultStatus(r->res) != PGRES_TUPLES_OK) {
		result_error(pg, d, pg->readonly ? "cannot read the database" :
				    "cannot write the database", r->res);
		r->nrows = 0;
		return -1;
	}
	r->nrows = PQntuples(r->res);
	r->done = r->nrows < FETCH_ROWS;
	return 0;
}

int pg_rows_open(struct pgstore *pg, const char *sql,
		 const struct store_param *p, int n, struct pgrows **out,
		 struct diag *d)
{
	struct strbuf text = STRBUF_INIT, texts = STRBUF_INIT;
	struct pg_params pp;
	struct pgrows *r = xcalloc(1, sizeof(*r));
	size_t len = strlen(sql);
	/* A cursor keeps a large result off the client's memory, for three
	 * round trips (DECLARE, FETCH, CLOSE); a query of one row at most
	 * (it ends in LIMIT 1: the kept exposures' lookups, four of an
	 * import's recompute of an athlete) needs one. */
	int one = len >= 8 && strcmp(sql + len - 8, " LIMIT 1") == 0;
	int cursor = pg->in_transaction && strncmp(sql, "SELECT", 6) == 0 &&
		     !one;
	ExecStatusType want;

	r->pg = pg;
	r->row = -1;
	if (cursor) {
		snprintf(r->cursor, sizeof(r->cursor), "cramplog_%u",
			 pg->cursors++);
		strbuf_addf(&text, "DECLARE %s NO SCROLL CURSOR FOR ",
			    r->cursor);
	}
	convert_sql(&text, sql);
	params_init(&pp, p, n, &texts);
	r->res = PQexecParams(pg->conn, text.buf, n, pp.types, pp.values, NULL,
			      NULL, 0);
	params_release(&pp);
	strbuf_release(&text);
	strbuf_release(&texts);
	want = cursor || PQresultStatus(r->res) == PGRES_COMMAND_OK ?
	       PGRES_COMMAND_OK : PGRES_TUPLES_OK;
	if (PQresultStatus(r->res) != want) {
		/* An import's statements come here too, its writes among
		 * them (review 11b F9: a refused write read "cannot read"). */
		result_error(pg, d, pg->readonly ? "cannot read the database" :
				    "cannot write the database", r->res);
		r->cursor[0] = '\0';
		pg_rows_close(r);
		return -1;
	}
	if (cursor && fetch(r, d) < 0) {
		pg_rows_close(r);
		return -1;
	}
	if (!cursor) {
		r->nrows = PQresultStatus(r->res) == PGRES_TUPLES_OK ?
			   PQntuples(r->res) : 0;
		r->done = 1;
	}
	*out = r;
	return 0;
}

int pg_rows_next(struct pgrows *r, struct diag *d)
{
	if (r->row + 1 < r->nrows) {
		r->row++;
		return 1;
	}
	if (r->done)
		return 0;
	if (fetch(r, d) < 0)
		return -1;
	if (r->nrows == 0)
		return 0;
	r->row = 0;
	return 1;
}

const char *pg_rows_value(const struct pgrows *r, int col)
{
	if (PQgetisnull(r->res, r->row, col))
		return NULL;
	return PQgetvalue(r->res, r->row, col);
}

void pg_rows_close(struct pgrows *r)
{
	if (!r)
		return;
	PQclear(r->res);
	if (r->cursor[0] && PQtransactionStatus(r->pg->conn) == PQTRANS_INTRANS) {
		struct strbuf sql = STRBUF_INIT;

		strbuf_addf(&sql, "CLOSE %s", r->cursor);
		PQclear(PQexec(r->pg->conn, sql.buf));
		strbuf_release(&sql);
	}
	free(r);
}

/* Runs the statement prepared as name (made from sql the first time):
 * the count of rows it changed, or -1. */
static int run_prepared(struct pgstore *pg, const char *name, int *prepared,
			const char *sql, const struct pg_params *pp,
			struct diag *d)
{
	PGresult *res;
	int changed;

	if (!*prepared) {
		struct strbuf text = STRBUF_INIT;

		convert_sql(&text, sql);
		res = PQprepare(pg->conn, name, text.buf, pp->n, pp->types);
		strbuf_release(&text);
		if (PQresultStatus(res) != PGRES_COMMAND_OK) {
			pg_error(pg, d, "cannot write a row",
				 PQresultErrorMessage(res));
			PQclear(res);
			return -1;
		}
		PQclear(res);
		*prepared = 1;
	}
	res = PQexecPrepared(pg->conn, name, pp->n, pp->values, NULL, NULL, 0);
	if (PQresultStatus(res) != PGRES_COMMAND_OK) {
		write_error(pg, d, res);
		PQclear(res);
		return -1;
	}
	changed = (int)strtol(PQcmdTuples(res), NULL, 10);
	PQclear(res);
	return changed;
}

int pg_put(struct pgstore *pg, int table, const char *insert_sql,
	   const char *update_sql, const struct store_param *p, int n,
	   int *changed, struct diag *d)
{
	static const char *const names[3][2] = {
		{ "cramplog_insert_0", "cramplog_update_0" },
		{ "cramplog_insert_1", "cramplog_update_1" },
		{ "cramplog_insert_2", "cramplog_update_2" },
	};
	struct strbuf texts = STRBUF_INIT;
	struct pg_params pp;
	/* Bit 0: the insert is prepared; bit 1: the update. */
	int ins = pg->prepared[table] & 1, upd = (pg->prepared[table] >> 1) & 1;
	int rc;

	params_init(&pp, p, n, &texts);
	rc = run_prepared(pg, names[table][0], &ins, insert_sql, &pp, d);
	if (rc == 0) {
		rc = run_prepared(pg, names[table][1], &upd, update_sql, &pp, d);
		if (rc >= 0)
			*changed = rc > 0;
	} else if (rc > 0) {
		*changed = 2;
	}
	pg->prepared[table] = ins | upd << 1;
	params_release(&pp);
	strbuf_release(&texts);
	return rc < 0 ? -1 : 0;
}

/* Starts the literals of n arrays: "{". */
static void arrays_open(struct strbuf *arrays, int n)
{
	for (int k = 0; k < n; k++) {
		strbuf_init(&arrays[k]);
		strbuf_addch(&arrays[k], '{');
	}
}

/* Ends the literals of n arrays, giving each in values[k]. */
static void arrays_close(struct strbuf *arrays, int n, const char **values)
{
	for (int k = 0; k < n; k++) {
		strbuf_addch(&arrays[k], '}');
		values[k] = arrays[k].buf;
	}
}

/* Adds s to an array's literal (its '{' there), quoted. */
static void array_text(struct strbuf *sb, const char *s)
{
	if (sb->len > 1)
		strbuf_addch(sb, ',');
	strbuf_addch(sb, '"');
	for (; *s; s++) {
		if (*s == '"' || *s == '\\')
			strbuf_addch(sb, '\\');
		strbuf_addch(sb, *s);
	}
	strbuf_addch(sb, '"');
}

int pg_keys_free(struct pgstore *pg, const char *log_table,
		 const char *time_column, const struct pg_key_span *spans,
		 size_t n, struct diag *d)
{
	struct strbuf sql = STRBUF_INIT, arrays[5];
	const char *values[5];
	const Oid types[5] = { INT8ARRAYOID, TEXTARRAYOID, TEXTARRAYOID,
			       TEXTARRAYOID, TEXTARRAYOID };
	PGresult *res;
	int rc = -1;

	arrays_open(arrays, 5);
	for (size_t i = 0; i < n; i++) {
		strbuf_addf(&arrays[0], "%s%" PRId64, i ? "," : "",
			    spans[i].athlete_id);
		array_text(&arrays[1], spans[i].first_date);
		array_text(&arrays[2], spans[i].first_time);
		array_text(&arrays[3], spans[i].last_date);
		array_text(&arrays[4], spans[i].last_time);
	}
	arrays_close(arrays, 5, values);
	/* The key's first three columns: one range of its index a span,
	 * looked at (whatever the table's statistics) up to its first row. */
	strbuf_addf(&sql, "SELECT count(*) FROM unnest($1, $2, $3, $4, $5) AS "
		    "k(a, fd, ft, ld, lt), LATERAL (SELECT 1 FROM %s t WHERE "
		    "t.athlete_id = k.a AND (t.date, t.%s) >= (k.fd COLLATE "
		    "\"C\", k.ft COLLATE \"C\") AND (t.date, t.%s) <= (k.ld "
		    "COLLATE \"C\", k.lt COLLATE \"C\") ORDER BY t.athlete_id, "
		    "t.date, t.%s LIMIT 1) AS x", log_table, time_column,
		    time_column, time_column);
	res = PQexecParams(pg->conn, sql.buf, 5, types, values, NULL, NULL, 0);
	if (PQresultStatus(res) == PGRES_TUPLES_OK && PQntuples(res) == 1)
		rc = strcmp(PQgetvalue(res, 0, 0), "0") == 0;
	else
		pg_error(pg, d, "cannot write the rows", PQresultErrorMessage(res));
	PQclear(res);
	strbuf_release(&sql);
	for (int k = 0; k < 5; k++)
		strbuf_release(&arrays[k]);
	return rc;
}

/* Each name's id, looked up as the role (row-level security hides
 * another team's athletes, as store_find_athlete's look-up does), else
 * added by cramplog.add_athlete, which enforces the same rules as for
 * one: all in one statement, the new athletes added in the order of
 * their first name (ids as one by one), a key asked twice added once. */
static const char athletes_sql[] =
	"WITH u AS (SELECT * FROM unnest($1::text[], $2::text[])"
	"  WITH ORDINALITY AS u(n, k, i)),"
	" firsts AS (SELECT DISTINCT ON (k) k, n, i FROM u ORDER BY k, i),"
	" got AS MATERIALIZED (SELECT f.k, coalesce((SELECT a.id"
	"  FROM cramplog.athletes a WHERE a.name_key = f.k AND ($3::text IS"
	"  NULL OR a.team_key = $3)), cramplog.add_athlete(f.n, f.k, $4)) AS id"
	"  FROM (SELECT * FROM firsts ORDER BY i) AS f)"
	" SELECT got.id FROM u JOIN got ON got.k = u.k ORDER BY u.i";

int pg_athletes(struct pgstore *pg, const char *const *names,
		const char *const *keys, size_t n, const char *team_key,
		const char *now, int64_t *ids, struct diag *d)
{
	struct strbuf arrays[2];
	const char *values[4];
	const Oid types[4] = { TEXTARRAYOID, TEXTARRAYOID, TEXTOID, TEXTOID };
	PGresult *res;
	int rc = -1;

	arrays_open(arrays, 2);
	for (size_t i = 0; i < n; i++) {
		array_text(&arrays[0], names[i]);
		array_text(&arrays[1], keys[i]);
	}
	arrays_close(arrays, 2, values);
	values[2] = team_key;
	values[3] = now;
	res = PQexecParams(pg->conn, athletes_sql, 4, types, values, NULL, NULL,
			   0);
	if (PQresultStatus(res) == PGRES_TUPLES_OK &&
	    (size_t)PQntuples(res) == n) {
		for (size_t i = 0; i < n; i++)
			ids[i] = strtoll(PQgetvalue(res, (int)i, 0), NULL, 10);
		rc = 0;
	} else {
		result_error(pg, d, "cannot add an athlete", res);
	}
	PQclear(res);
	for (int k = 0; k < 2; k++)
		strbuf_release(&arrays[k]);
	return rc;
}

/* The calls in the order given: the subquery's sort feeds the calls,
 * as athletes_sql's add_athlete. */
static const char teams_sql[] =
	"SELECT count(cramplog.set_team(u.a, u.t, u.k)) FROM (SELECT * FROM"
	" unnest($1::bigint[], $2::text[], $3::text[]) WITH ORDINALITY AS"
	" u(a, t, k, i) ORDER BY i) AS u";

int pg_set_teams(struct pgstore *pg, const int64_t *ids,
		 const char *const *teams, const char *const *keys, size_t n,
		 struct diag *d)
{
	struct strbuf arrays[3];
	const char *values[3];
	const Oid types[3] = { INT8ARRAYOID, TEXTARRAYOID, TEXTARRAYOID };
	PGresult *res;
	int rc = -1;

	arrays_open(arrays, 3);
	for (size_t i = 0; i < n; i++) {
		strbuf_addf(&arrays[0], "%s%" PRId64, i ? "," : "", ids[i]);
		array_text(&arrays[1], teams[i]);
		array_text(&arrays[2], keys[i]);
	}
	arrays_close(arrays, 3, values);
	res = PQexecParams(pg->conn, teams_sql, 3, types, values, NULL, NULL, 0);
	if (PQresultStatus(res) == PGRES_TUPLES_OK)
		rc = 0;
	else
		result_error(pg, d, "cannot write the database", res);
	PQclear(res);
	for (int k = 0; k < 3; k++)
		strbuf_release(&arrays[k]);
	return rc;
}

/* 1 when res failed with SQLSTATE state. */
static int failed_with(const PGresult *res, const char *state)
{
	const char *s = PQresultErrorField(res, PG_DIAG_SQLSTATE);

	return s && strcmp(s, state) == 0;
}

/* Starts COPY of the columns into table (with n when into the temporary
 * table): 1 started, 0 refused with SQLSTATE unless_state, -1 on another
 * error. */
static int copy_start(struct pgstore *pg, const char *table,
		      const char *columns, int with_n, const char *unless_state,
		      struct diag *d)
{
	struct strbuf sql = STRBUF_INIT;
	PGresult *res;
	int rc;

	strbuf_addf(&sql, "COPY %s (%s%s) FROM STDIN", table, columns,
		    with_n ? ", n" : "");
	res = PQexec(pg->conn, sql.buf);
	strbuf_release(&sql);
	rc = PQresultStatus(res) == PGRES_COPY_IN;
	if (!rc && !(unless_state && failed_with(res, unless_state))) {
		pg_error(pg, d, "cannot write the rows", PQresultErrorMessage(res));
		rc = -1;
	}
	PQclear(res);
	return rc;
}

int pg_copy_begin(struct pgstore *pg, const char *log_table,
		  const char *columns, int direct, struct diag *d)
{
	struct strbuf sql = STRBUF_INIT;
	int rc;

	strbuf_reset(&pg->copy);
	pg->copy_table = NULL;
	pg->copy_direct = 0;
	if (direct) {
		/* Row-level security refuses COPY into its tables (0A000):
		 * the temporary table's way then. */
		if (run(pg, "SAVEPOINT cramplog_copy", "cannot write the rows",
			d) < 0 ||
		    (rc = copy_start(pg, log_table, columns, 0, "0A000", d)) < 0)
			return -1;
		if (rc) {
			pg->copy_table = log_table;
			pg->copy_direct = 1;
			return 0;
		}
		if (run(pg, "ROLLBACK TO SAVEPOINT cramplog_copy",
			"cannot write the rows", d) < 0)
			return -1;
	}
	/* Made once in a transaction, and gone with it. */
	strbuf_addf(&sql, "CREATE TEMP TABLE IF NOT EXISTS cramplog_rows_%s "
		    "(LIKE %s, n bigint) ON COMMIT DROP; TRUNCATE cramplog_rows_%s",
		    log_table, log_table, log_table);
	rc = run(pg, sql.buf, "cannot write the rows", d);
	strbuf_reset(&sql);
	strbuf_addf(&sql, "cramplog_rows_%s", log_table);
	if (rc == 0 && copy_start(pg, sql.buf, columns, 1, NULL, d) == 1)
		pg->copy_table = log_table;
	strbuf_release(&sql);
	return pg->copy_table ? 0 : -1;
}

/* Adds s (len bytes) to a line of COPY's text format, escaped. */
static void copy_text(struct strbuf *out, const char *s, size_t len)
{
	for (size_t i = 0; i < len; i++) {
		switch (s[i]) {
		case '\\': strbuf_addstr(out, "\\\\"); break;
		case '\t': strbuf_addstr(out, "\\t"); break;
		case '\n': strbuf_addstr(out, "\\n"); break;
		case '\r': strbuf_addstr(out, "\\r"); break;
		default: strbuf_addch(out, s[i]); break;
		}
	}
}

/* Sends what COPY data there is: 0, or -1. */
static int copy_send(struct pgstore *pg, struct diag *d)
{
	if (pg->copy.len &&
	    PQputCopyData(pg->conn, pg->copy.buf, (int)pg->copy.len) != 1)
		return pg_error(pg, d, "cannot write the rows", NULL);
	strbuf_reset(&pg->copy);
	return 0;
}

/* Adds the n values p to a line of COPY data, tab-separated. */
static void copy_values(struct strbuf *out, const struct store_param *p, int n)
{
	for (int i = 0; i < n; i++) {
		if (i)
			strbuf_addch(out, '\t');
		if (p[i].null || (p[i].type == P_REAL && isnan(p[i].r)))
			strbuf_addstr(out, "\\N");
		else if (p[i].type == P_INT)
			strbuf_addf(out, "%" PRId64, p[i].i);
		else if (p[i].type == P_REAL)
			strbuf_addf(out, "%.17g", p[i].r);
		else if (p[i].type == P_BLOB) {
			/* COPY's text format takes the backslash doubled. */
			strbuf_addch(out, '\\');
			bytea_hex(out, p[i].s, p[i].len);
		} else
			copy_text(out, p[i].s, p[i].len);
	}
}

int pg_copy_row(struct pgstore *pg, const struct store_param *p, int n,
		size_t index, struct diag *d)
{
	struct strbuf *out = &pg->copy;

	copy_values(out, p, n);
	/* first_import_id, the column after the parameters: the import's;
	 * then, into the temporary table, the row's index. */
	strbuf_addf(out, "\t%" PRId64, p[n - 1].i);
	if (!pg->copy_direct)
		strbuf_addf(out, "\t%zu", index);
	strbuf_addch(out, '\n');
	return out->len >= COPY_CHUNK ? copy_send(pg, d) : 0;
}

/* Ends the COPY: 0, 1 when a direct COPY found two rows of one key
 * (23505: nothing written, rolled back), or -1. */
static int copy_end(struct pgstore *pg, struct diag *d)
{
	PGresult *res;
	int rc = -1;

	if (copy_send(pg, d) < 0 || PQputCopyEnd(pg->conn, NULL) != 1) {
		pg_error(pg, d, "cannot write the rows", NULL);
	} else {
		res = PQgetResult(pg->conn);
		if (PQresultStatus(res) == PGRES_COMMAND_OK)
			rc = 0;
		else if (pg->copy_direct && failed_with(res, "23505"))
			rc = 1;
		else
			pg_error(pg, d, "cannot write the rows",
				 PQresultErrorMessage(res));
		PQclear(res);
	}
	while ((res = PQgetResult(pg->conn)))
		PQclear(res);
	pg->copy_table = NULL;
	if (pg->copy_direct && rc >= 0 &&
	    run(pg, rc ? "ROLLBACK TO SAVEPOINT cramplog_copy" :
		"RELEASE SAVEPOINT cramplog_copy", "cannot write the rows",
		d) < 0)
		rc = -1;
	return rc;
}

int pg_copy_merge(struct pgstore *pg, const char *merge_sql, int *changed,
		  size_t rows, struct diag *d)
{
	PGresult *res;
	int rc;

	if ((rc = copy_end(pg, d)) != 0)
		return rc;
	if (pg->copy_direct) {
		for (size_t i = 0; i < rows; i++)
			changed[i] = 2;
		return 0;
	}
	if (run(pg, "SAVEPOINT cramplog_merge", "cannot write the rows", d) < 0)
		return -1;
	rc = -1;
	res = PQexec(pg->conn, merge_sql);
	if (PQresultStatus(res) == PGRES_TUPLES_OK) {
		for (int i = 0; i < PQntuples(res); i++) {
			size_t k = (size_t)strtoull(PQgetvalue(res, i, 0), NULL, 10);

			if (k < rows)
				changed[k] = strcmp(PQgetvalue(res, i, 1), "1") == 0 ?
					     2 : 1;
		}
		rc = run(pg, "RELEASE SAVEPOINT cramplog_merge",
			 "cannot write the rows", d);
	} else if (failed_with(res, "21000")) {
		/* Two rows of the batch with one key, which one statement
		 * may not both write. */
		rc = run(pg, "ROLLBACK TO SAVEPOINT cramplog_merge",
			 "cannot write the rows", d) < 0 ? -1 : 1;
	} else {
		write_error(pg, d, res);
	}
	PQclear(res);
	return rc;
}

void pg_interrupt(struct pgstore *pg)
{
	char err[256];

	if (pg && pg->cancel)
		PQcancel(pg->cancel, err, sizeof(err));
}

/* Runs sql with the text parameters v (n of them): the rows it changed,
 * or its first value as a number for a query; -1 on error. */
static int64_t run_params(struct pgstore *pg, const char *sql, int n,
			  const char *const *v, struct diag *d)
{
	PGresult *res = PQexecParams(pg->conn, sql, n, NULL, v, NULL, NULL, 0);
	int64_t ret = -1;

	if (PQresultStatus(res) == PGRES_TUPLES_OK && PQntuples(res) == 1)
		ret = strtoll(PQgetvalue(res, 0, 0), NULL, 10);
	else if (PQresultStatus(res) == PGRES_COMMAND_OK)
		ret = strtoll(PQcmdTuples(res), NULL, 10);
	else
		result_error(pg, d, "cannot change who may see what", res);
	PQclear(res);
	return ret;
}

/* Gives role the privileges its teams ask (cramplog.set_privileges,
 * schema 10): none without a team; to read, SELECT on the schema's tables;
 * to write, also INSERT on the imports and the tables of athletes' rows,
 * UPDATE of an import's counts and of a row but for its first import, and
 * the functions that add an athlete, set a team and number an import. */
static int set_privileges(struct pgstore *pg, const char *role,
			  struct diag *d)
{
	const char *v[1] = { role };

	return run_params(pg, "SELECT cramplog.set_privileges($1)", 1, v, d) < 0 ?
	       -1 : 0;
}

int pg_grant(struct pgstore *pg, const char *role, const char *key,
	     enum store_access access, struct diag *d)
{
	const char *v[3] = { key, role, access == STORE_WRITE ? "t" : "f" };
	char *id = PQescapeIdentifier(pg->conn, role, strlen(role));
	struct strbuf sql = STRBUF_INIT;
	int64_t n;
	int rc = -1;

	if (!id)
		return pg_error(pg, d, "cannot quote the role's name", NULL);
	if (pg_begin(pg, d) < 0)
		goto out;
	/* The owner's (or a member's): another would be refused half way. */
	if ((n = run_params(pg, "SELECT count(*) FROM pg_namespace WHERE"
			    " nspname = 'cramplog' AND pg_has_role(nspowner,"
			    " 'USAGE')", 0, NULL, d)) < 0)
		goto fail;
	if (n == 0) {
		diag_add(d, DIAG_ERROR, pg->uri, 0, 0, "only the owner of the "
			 "schema cramplog may grant and revoke (this role is "
			 "not it)");
		goto fail;
	}
	if ((n = run_params(pg, "SELECT count(*) FROM pg_roles WHERE rolname"
			    " = $1", 1, v + 1, d)) < 0)
		goto fail;
	if (n == 0 && access == STORE_REVOKE) {
		rc = 1;
		goto fail;
	}
	/* A role to give login roles (GRANT role TO coach): one made here
	 * logs in to nothing itself. */
	if (n == 0) {
		strbuf_addf(&sql, "CREATE ROLE %s NOLOGIN", id);
		if (run(pg, sql.buf, "cannot make the role", d) < 0)
			goto fail;
	}
	if (access == STORE_REVOKE)
		n = run_params(pg, "DELETE FROM cramplog.team_access WHERE"
			       " team_key = $1 AND role = $2", 2, v, d);
	else
		n = run_params(pg, "INSERT INTO cramplog.team_access VALUES"
			       " ($1, $2, $3) ON CONFLICT (team_key, role) DO"
			       " UPDATE SET can_write = EXCLUDED.can_write", 3, v,
			       d);
	if (n < 0 || set_privileges(pg, role, d) < 0)
		goto fail;
	if (pg_commit(pg, d) < 0)
		goto out;
	rc = access == STORE_REVOKE && n == 0;
	goto out;
fail:
	pg_rollback(pg);
out:
	strbuf_release(&sql);
	PQfreemem(id);
	return rc;
}

/*
 * ---- Copying a whole database (store.c's block for core/store_copy.c) ----
 */

/* More built-in type oids (pg_type.h). */
#define INT2OID 21
#define INT4OID 23
#define FLOAT4OID 700

enum param_type pg_rows_type(const struct pgrows *r, int col)
{
	switch (PQftype(r->res, col)) {
	case INT8OID:
	case INT4OID:
	case INT2OID:
		return P_INT;
	case FLOAT8OID:
	case FLOAT4OID:
		return P_REAL;
	case BYTEAOID:
		return P_BLOB;
	default:
		return P_TEXT;
	}
}

int pg_copy_table_begin(struct pgstore *pg, const char *table,
			const char *columns, struct diag *d)
{
	strbuf_reset(&pg->copy);
	pg->copy_direct = 0;
	if (copy_start(pg, table, columns, 0, NULL, d) != 1)
		return -1;
	pg->copy_table = table;
	return 0;
}

int pg_copy_values(struct pgstore *pg, const struct store_param *p, int n,
		   struct diag *d)
{
	copy_values(&pg->copy, p, n);
	strbuf_addch(&pg->copy, '\n');
	return pg->copy.len >= COPY_CHUNK ? copy_send(pg, d) : 0;
}

int pg_copy_table_end(struct pgstore *pg, int ok, struct diag *d)
{
	PGresult *res;

	if (ok)
		return copy_end(pg, d);
	/* Given up: the server drops what it was sent. */
	strbuf_reset(&pg->copy);
	PQputCopyEnd(pg->conn, "cramplog: the copy was given up");
	while ((res = PQgetResult(pg->conn)))
		PQclear(res);
	pg->copy_table = NULL;
	return 0;
}

int pg_same_database(struct pgstore *a, struct pgstore *b, struct diag *d)
{
	PGresult *res;
	const char *v[1];
	char pid[24];
	int same = -1;

	/* a takes a lock of its transaction's, keyed by its backend's pid;
	 * b, on the same server and database, sees it in pg_locks (which
	 * every role may read); on another server or database, never. */
	res = PQexec(a->conn, "SELECT pg_backend_pid() FROM"
		     " pg_advisory_xact_lock_shared(" WRITER_LOCK ","
		     " pg_backend_pid())");
	if (PQresultStatus(res) != PGRES_TUPLES_OK || PQntuples(res) != 1) {
		pg_error(a, d, "cannot read the database",
			 PQresultErrorMessage(res));
		PQclear(res);
		return -1;
	}
	snprintf(pid, sizeof(pid), "%s", PQgetvalue(res, 0, 0));
	PQclear(res);
	v[0] = pid;
	res = PQexecParams(b->conn, "SELECT count(*) FROM pg_locks WHERE"
			   " locktype = 'advisory' AND pid = $1::int AND"
			   " classid = " WRITER_LOCK "::oid AND objid ="
			   " $1::int::oid AND objsubid = 2 AND database ="
			   " (SELECT oid FROM pg_database WHERE datname ="
			   " current_database())", 1, NULL, v, NULL, NULL, 0);
	if (PQresultStatus(res) == PGRES_TUPLES_OK && PQntuples(res) == 1)
		same = strcmp(PQgetvalue(res, 0, 0), "0") != 0;
	else
		pg_error(b, d, "cannot read the database",
			 PQresultErrorMessage(res));
	PQclear(res);
	return same;
}

int pg_drop_foreign_keys(struct pgstore *pg, struct strbuf *restore,
			 struct diag *d)
{
	struct strbuf drop = STRBUF_INIT;
	PGresult *res;
	int rc;

	/* The server quotes the names (%I) and writes each definition. */
	res = PQexec(pg->conn, "SELECT format('ALTER TABLE cramplog.%I DROP"
		     " CONSTRAINT %I;', c.relname, k.conname), format('ALTER"
		     " TABLE cramplog.%I ADD CONSTRAINT %I %s;', c.relname,"
		     " k.conname, pg_get_constraintdef(k.oid)) FROM"
		     " pg_constraint k JOIN pg_class c ON c.oid = k.conrelid"
		     " WHERE k.contype = 'f' AND k.connamespace ="
		     " 'cramplog'::regnamespace ORDER BY 1");
	if (PQresultStatus(res) != PGRES_TUPLES_OK) {
		pg_error(pg, d, "cannot write the rows", PQresultErrorMessage(res));
		PQclear(res);
		return -1;
	}
	strbuf_reset(restore);
	for (int i = 0; i < PQntuples(res); i++) {
		strbuf_addstr(&drop, PQgetvalue(res, i, 0));
		strbuf_addstr(restore, PQgetvalue(res, i, 1));
	}
	PQclear(res);
	rc = drop.len ? run(pg, drop.buf, "cannot write the rows", d) : 0;
	strbuf_release(&drop);
	return rc;
}

int pg_run(struct pgstore *pg, const char *sql, struct diag *d)
{
	return *sql ? run(pg, sql, "cannot write the rows", d) : 0;
}

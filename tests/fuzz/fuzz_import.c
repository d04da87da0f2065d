/*
 * libFuzzer target for the CSV reader and row validation: any bytes, as a
 * training, hydration or diet log (or one whose kind the header decides),
 * go through a dry-run import. No input may crash, leak, hang or write.
 */
#include "import.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* The fuzzer calls us many times in one process: one store and one file
 * serve every call. */
static store *fuzz_store;
static char fuzz_dir[] = "/tmp/cramplog-fuzz-XXXXXX";
static char fuzz_csv[64];

static void cleanup(void)
{
	char path[96];

	store_close(fuzz_store);
	unlink(fuzz_csv);
	for (size_t i = 0; i < 3; i++) {
		static const char *const suffix[] = { "", "-wal", "-shm" };

		snprintf(path, sizeof(path), "%s/f.db%s", fuzz_dir, suffix[i]);
		unlink(path);
	}
	rmdir(fuzz_dir);
}

static int setup(void)
{
	struct diag d = DIAG_INIT;
	char db[64];

	if (!mkdtemp(fuzz_dir))
		return -1;
	snprintf(db, sizeof(db), "%s/f.db", fuzz_dir);
	snprintf(fuzz_csv, sizeof(fuzz_csv), "%s/in.csv", fuzz_dir);
	if (store_open(&fuzz_store, db, STORE_CREATE, &d) < 0) {
		diag_release(&d);
		return -1;
	}
	atexit(cleanup);
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct import_options opt = { .dry_run = 1 };
	struct import_result res;
	struct diag d = DIAG_INIT;
	struct store_status st;
	FILE *fp;

	if (!fuzz_store && setup() < 0)
		abort();
	if (size < 1)
		return 0;
	/* The first byte picks the kind and the options. */
	opt.kind = (enum log_kind)(data[0] & 3);
	opt.skip_invalid = (data[0] >> 2) & 1;
	opt.key_memory_rows = (data[0] >> 3) & 1 ? 2 : 0;
	/* App exports need an athlete; some are in miles. */
	opt.athlete = (data[0] >> 4) & 1 ? "Fuzz Athlete" : NULL;
	opt.imperial = (data[0] >> 5) & 1;
	d.max = 50;
	if (!(fp = fopen(fuzz_csv, "wb")))
		abort();
	if (fwrite(data + 1, 1, size - 1, fp) != size - 1 || fclose(fp) != 0)
		abort();
	import_file(fuzz_store, fuzz_csv, &opt, &res, &d);
	for (size_t i = 0; i < d.count; i++)
		if (!d.entries[i].message)
			abort();
	diag_release(&d);
	/* A dry run never leaves a row behind, nor a transaction open. */
	if (store_get_status(fuzz_store, &st, &d) < 0 || st.training ||
	    st.hydration || st.diet || st.athletes || st.imports)
		abort();
	diag_release(&d);
	return 0;
}

/*
 * gnuplot strings and the gnuplot process.
 */
#include "gnuplot.h"
#include "outfile.h"

#include <errno.h>
#include <signal.h>
#include <spawn.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

extern char **environ;

/* How long gnuplot's process group has after SIGTERM, before SIGKILL. */
#define GP_GRACE_S 2.0

void gp_add_string(struct strbuf *sb, const char *s)
{
	if (!*s) {
		strbuf_add(sb, "''", 2);
		return;
	}
	while (*s) {
		/* A run of quotes, or of anything else. */
		size_t n = *s == '\'' ? strspn(s, "'") : strcspn(s, "'");

		if (*s == '\'') {
			/* "\047", never a ' itself: gnuplot's scan for @macros
			 * flips at every ', even between double quotes. */
			strbuf_addch(sb, '"');
			for (size_t i = 0; i < n; i++)
				strbuf_addstr(sb, "\\047");
			strbuf_addch(sb, '"');
		} else {
			strbuf_addch(sb, '\'');
			for (size_t i = 0; i < n; i++) {
				unsigned char c = (unsigned char)s[i];

				strbuf_addch(sb, c < 0x20 || c == 0x7f ?
					     ' ' : s[i]);
			}
			strbuf_addch(sb, '\'');
		}
		s += n;
		if (*s)
			strbuf_addch(sb, '.');
	}
}

void gp_add_tic_label(struct strbuf *sb, const char *s)
{
	struct strbuf label = STRBUF_INIT;

	for (; *s; s++) {
		if (*s == '%')
			strbuf_addch(&label, '%');
		strbuf_addch(&label, *s);
	}
	gp_add_string(sb, label.len ? label.buf : "");
	strbuf_release(&label);
}

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* The signals that end a program while gnuplot runs. gnuplot's process
 * group is not the terminal's (Ctrl-C does not reach it): they are held
 * back meanwhile, so that the group is ended first, then let through. */
static const int stopping[] = { SIGINT, SIGTERM, SIGHUP, SIGQUIT };

/* The signals of stopping that are not ignored: one ignored since the
 * program started (SIGHUP under nohup, SIGINT in a background job) stays
 * ignored, while sigtimedwait would take it. */
static void stopping_signals(sigset_t *set)
{
	sigemptyset(set);
	for (size_t i = 0; i < sizeof(stopping) / sizeof(*stopping); i++) {
		struct sigaction sa;

		if (sigaction(stopping[i], NULL, &sa) == 0 &&
		    sa.sa_handler == SIG_IGN)
			continue;
		sigaddset(set, stopping[i]);
	}
}

/* Waits for pid to end, until deadline or one of the signals of stop
 * (then *sig): 1 when it has ended (left unreaped, so that its process
 * group's id cannot be taken by a new process), 0 at the deadline or the
 * signal, -1 on error. */
static int wait_until(pid_t pid, double deadline, const sigset_t *stop,
		      int *sig)
{
	for (;;) {
		siginfo_t info;
		int s;

		info.si_pid = 0;
		if (waitid(P_PID, (id_t)pid, &info, WEXITED | WNOHANG | WNOWAIT) < 0) {
			if (errno == EINTR)
				continue;
			return -1;
		}
		if (info.si_pid == pid)
			return 1;
		if (now() > deadline)
			return 0;
		/* A pause of 10 ms, or the signal. */
		s = sigtimedwait(stop, NULL, &(struct timespec){ 0, 10 * 1000 * 1000 });
		if (s > 0) {
			*sig = s;
			return 0;
		}
	}
}

/* Ends pid's process group (SIGTERM, SIGKILL after GP_GRACE_S) and reaps
 * pid into *status. */
static void end_group(pid_t pid, int *status)
{
	sigset_t none;
	int sig = 0;

	sigemptyset(&none);
	kill(-pid, SIGTERM);
	wait_until(pid, now() + GP_GRACE_S, &none, &sig);
	/* Whatever gnuplot started and is still there. */
	kill(-pid, SIGKILL);
	while (waitpid(pid, status, 0) < 0 && errno == EINTR)
		;
}

static enum gp_result missing(const char *program, struct diag *d)
{
	diag_error(d, "%s is not installed: install the Debian package "
		   "gnuplot-nox to draw the charts (the .gp scripts and .dat "
		   "files are written)", program);
	return GP_MISSING;
}

/* Runs argv[0] in a process group of its own, with the signal mask mask,
 * for at most timeout_s or until a signal of stop arrives (then *sig). */
static enum gp_result run(char *const argv[], const char *script,
			  double timeout_s, const sigset_t *stop,
			  const sigset_t *mask, int *sig, struct diag *d)
{
	const char *program = argv[0];
	posix_spawnattr_t attr;
	pid_t pid;
	int status = 0, rc, ended;

	if ((rc = posix_spawnattr_init(&attr)) != 0) {
		diag_error(d, "cannot start %s: %s", program, strerror(rc));
		return GP_FAILED;
	}
	/* Its own group (pgid = its pid): a time limit ends all of it. */
	rc = posix_spawnattr_setflags(&attr, POSIX_SPAWN_SETPGROUP |
				      POSIX_SPAWN_SETSIGMASK);
	if (rc == 0)
		rc = posix_spawnattr_setpgroup(&attr, 0);
	if (rc == 0)
		rc = posix_spawnattr_setsigmask(&attr, mask);
	if (rc == 0)
		rc = posix_spawnp(&pid, program, NULL, &attr, argv, environ);
	posix_spawnattr_destroy(&attr);
	if (rc == ENOENT)
		return missing(program, d);
	if (rc != 0) {
		diag_error(d, "cannot start %s: %s", program, strerror(rc));
		return GP_FAILED;
	}
	ended = wait_until(pid, now() + timeout_s, stop, sig);
	if (ended <= 0) {
		int err = errno;

		end_group(pid, &status);
		if (ended < 0) {
			diag_error(d, "lost %s: %s", program, strerror(err));
			return GP_FAILED;
		}
		if (*sig) {
			diag_error(d, "%s %s: stopped by signal %d", program,
				   script, *sig);
			return GP_FAILED;
		}
		diag_error(d, "%s %s: stopped after %.0f seconds", program, script,
			   timeout_s);
		return GP_TIMEOUT;
	}
	while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
		;
	if (WIFEXITED(status) && WEXITSTATUS(status) == 0)
		return GP_DONE;
	/* posix_spawnp reports a missing program as the child's exit 127 on
	 * some C libraries. */
	if (WIFEXITED(status) && WEXITSTATUS(status) == 127)
		return missing(program, d);
	if (WIFEXITED(status))
		diag_error(d, "%s %s failed (exit status %d)", program, script,
			   WEXITSTATUS(status));
	else
		diag_error(d, "%s %s was killed by signal %d", program, script,
			   WTERMSIG(status));
	return GP_FAILED;
}

enum gp_result gp_run(const char *script, const char *out, double timeout_s,
		      struct diag *d)
{
	const char *program = getenv("CRAMPLOG_GNUPLOT");
	struct strbuf path = STRBUF_INIT;
	struct outfile f = { NULL, NULL, -1, 0 };
	sigset_t stop, mask;
	char *argv[5];
	enum gp_result r;
	int sig = 0;

	if (!program || !*program)
		program = "gnuplot";
	/* A name that starts with '-' would be read as an option. */
	if (script[0] == '-')
		strbuf_addf(&path, "./%s", script);
	argv[0] = (char *)program;
	if (!out) {
		argv[1] = path.len ? path.buf : (char *)script;
		argv[2] = NULL;
	} else if (outfile_open(&f, out, d) < 0) {
		strbuf_release(&path);
		return GP_CANTCREAT;
	} else {
		/* The script draws into ARG1 when it is given: our new file,
		 * whose fd stays open to flush it to the disk; or a device
		 * or a pipe itself (outfile_open), which nothing flushes. */
		argv[1] = "-c";
		argv[2] = path.len ? path.buf : (char *)script;
		argv[3] = f.tmp ? f.tmp : (char *)out;
		argv[4] = NULL;
	}
	stopping_signals(&stop);
	sigprocmask(SIG_BLOCK, &stop, &mask);
	r = run(argv, script, timeout_s, &stop, &mask, &sig, d);
	strbuf_release(&path);
	if (out && r == GP_DONE && f.tmp && fsync(f.fd) < 0) {
		diag_error(d, "%s: %s", out, strerror(errno));
		r = GP_CANTCREAT;
	}
	if (out && r == GP_DONE && outfile_commit(&f, d) < 0)
		r = GP_CANTCREAT;
	if (out && r != GP_DONE)
		outfile_discard(&f);
	sigprocmask(SIG_SETMASK, &mask, NULL);
	/* gnuplot's group ended and nothing left behind: now the signal
	 * does what it would have done. */
	if (sig)
		raise(sig);
	return r;
}

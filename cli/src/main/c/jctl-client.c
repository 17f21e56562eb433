/*
 * jctl-client: runs one jctl invocation in the user's warm jctl daemon.
 *
 * Why this exists: a JVM needs 250-350 ms to start, load picocli/Jackson/TLS and handshake
 * with the api-server; kubectl needs ~50 ms. Like the Gradle daemon and Nailgun, jctl keeps one
 * warm JVM per user (`jctl --daemon SOCKET`, see io.jctl.cli.daemon) and this small program hands
 * it each invocation: argv, the working directory, the environment variables jctl reads, and
 * the terminal's file descriptors 0, 1 and 2 (SCM_RIGHTS), so the daemon reads stdin and writes
 * stdout/stderr itself, straight to the user's terminal or pipes. The reply is the exit code.
 *
 * Whenever the daemon cannot serve (no socket yet, stale socket, unsafe directory, the daemon
 * declines an interactive command or was rebuilt) this program execs the launcher named by
 * $JCTL_LAUNCHER (bin/jctl) with JCTL_DAEMON_FALLBACK set, which runs jctl in a fresh JVM and,
 * for "start", starts the daemon in the background for next time.
 *
 * Ctrl-C kills this process; the daemon sees the socket close and cancels the command.
 *
 * Wire format (all integers big-endian), client to daemon:
 *   "JCT1" u32(length)          sent with sendmsg, carrying fds 0, 1, 2 as SCM_RIGHTS
 *   payload of `length` bytes:   NUL-terminated strings:
 *       cwd, ttys ("ynn": is fd 0/1/2 a terminal), argc, argv[1..], envc, NAME=VALUE...
 * daemon to client: 'X' u32(exit code)  or  'F' u32(0) = run it in a fresh JVM instead.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <sys/un.h>
#include <unistd.h>

/* The variables jctl reads; everything else stays out of the daemon. */
static const char *const ENV_NAMES[] = {
    "KUBECONFIG", "HOME", "EDITOR", "KUBE_EDITOR", "TERM", "COLUMNS", "NO_COLOR", "TMPDIR",
    "TZ", "PATH", "USER", "LANG", "LC_ALL", NULL,
};

static char **saved_argv;

/* Runs the invocation the ordinary way: exec the launcher (bin/jctl) with JCTL_DAEMON_FALLBACK=why. */
static void fallback(const char *why, const char *socket_path) {
    const char *launcher = getenv("JCTL_LAUNCHER");
    if (launcher == NULL || *launcher == '\0') {
        fprintf(stderr, "jctl: cannot reach the jctl daemon (%s) and JCTL_LAUNCHER is not set\n", why);
        exit(1);
    }
    setenv("JCTL_DAEMON_FALLBACK", why, 1);
    if (socket_path != NULL) {
        setenv("JCTL_DAEMON_SOCKET", socket_path, 1);
    }
    saved_argv[0] = (char *) launcher;
    execv(launcher, saved_argv);
    fprintf(stderr, "jctl: cannot run %s: %s\n", launcher, strerror(errno));
    exit(127);
}

/* FNV-1a of the directory this program lives in: one daemon per jctl installation. */
static uint32_t install_hash(void) {
    char exe[PATH_MAX];
    ssize_t n = readlink("/proc/self/exe", exe, sizeof exe - 1);
    if (n <= 0) {
        return 0;
    }
    exe[n] = '\0';
    char *slash = strrchr(exe, '/');
    if (slash != NULL) {
        *slash = '\0';
    }
    uint32_t h = 2166136261u;
    for (const char *p = exe; *p; p++) {
        h = (h ^ (unsigned char) *p) * 16777619u;
    }
    return h;
}

/* ${XDG_RUNTIME_DIR:-/tmp}/jctl-UID/daemon-HASH.sock, after checking the directory is ours alone. */
static int socket_path(char *out, size_t size) {
    const char *override = getenv("JCTL_DAEMON_SOCKET");
    char dir[PATH_MAX];
    if (override != NULL && *override != '\0') {
        if (strlen(override) >= size) {
            return -1;
        }
        strcpy(out, override);
        strncpy(dir, override, sizeof dir - 1);
        dir[sizeof dir - 1] = '\0';
        char *slash = strrchr(dir, '/');
        if (slash == NULL) {
            return -1;
        }
        *slash = '\0';
    } else {
        const char *base = getenv("XDG_RUNTIME_DIR");
        if (base == NULL || *base == '\0') {
            base = "/tmp";
        }
        snprintf(dir, sizeof dir, "%s/jctl-%u", base, (unsigned) getuid());
        if (mkdir(dir, 0700) != 0 && errno != EEXIST) {
            return -1;
        }
        if ((size_t) snprintf(out, size, "%s/daemon-%08x.sock", dir, install_hash()) >= size) {
            return -1;
        }
    }
    struct stat st;
    if (lstat(dir, &st) != 0 || !S_ISDIR(st.st_mode) || st.st_uid != getuid() || (st.st_mode & 077) != 0) {
        fprintf(stderr, "jctl: not using the jctl daemon: %s must be a directory owned by you with mode 0700\n", dir);
        return -2;
    }
    return 0;
}

/* Appends s and its NUL to the growing buffer. */
static int append(char **buf, size_t *len, size_t *cap, const char *s) {
    size_t n = strlen(s) + 1;
    if (*len + n > *cap) {
        size_t c = (*cap == 0 ? 4096 : *cap * 2);
        while (c < *len + n) {
            c *= 2;
        }
        char *b = realloc(*buf, c);
        if (b == NULL) {
            return -1;
        }
        *buf = b;
        *cap = c;
    }
    memcpy(*buf + *len, s, n);
    *len += n;
    return 0;
}

static int write_all(int fd, const char *p, size_t n) {
    while (n > 0) {
        ssize_t w = write(fd, p, n);
        if (w < 0) {
            if (errno == EINTR) {
                continue;
            }
            return -1;
        }
        p += w;
        n -= (size_t) w;
    }
    return 0;
}

static int read_all(int fd, unsigned char *p, size_t n) {
    while (n > 0) {
        ssize_t r = read(fd, p, n);
        if (r < 0 && errno == EINTR) {
            continue;
        }
        if (r <= 0) {
            return -1;
        }
        p += r;
        n -= (size_t) r;
    }
    return 0;
}

int main(int argc, char **argv) {
    saved_argv = argv;
    char path[sizeof(((struct sockaddr_un *) 0)->sun_path)];
    int where = socket_path(path, sizeof path);
    if (where != 0) {
        setenv("JCTL_NO_DAEMON", "1", 1);
        fallback("unsafe", NULL);
    }

    int fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (fd < 0) {
        fallback("start", path);
    }
    struct sockaddr_un addr;
    memset(&addr, 0, sizeof addr);
    addr.sun_family = AF_UNIX;
    strcpy(addr.sun_path, path);
    if (connect(fd, (struct sockaddr *) &addr, sizeof addr) != 0) {
        if (errno == ECONNREFUSED) {
            /* A daemon that died without cleaning up; bin/jctl starts a new one. */
            unlink(path);
        }
        fallback("start", path);
    }

    /* A closed standard descriptor cannot be sent; give the daemon /dev/null in its place. */
    for (int i = 0; i <= 2; i++) {
        if (fcntl(i, F_GETFD) < 0) {
            int null = open("/dev/null", i == 0 ? O_RDONLY : O_WRONLY);
            if (null >= 0 && null != i) {
                dup2(null, i);
                close(null);
            }
        }
    }

    char *buf = NULL;
    size_t len = 0, cap = 0;
    char cwd[PATH_MAX];
    if (getcwd(cwd, sizeof cwd) == NULL) {
        fallback("run", path);
    }
    char ttys[4] = {isatty(0) ? 'y' : 'n', isatty(1) ? 'y' : 'n', isatty(2) ? 'y' : 'n', '\0'};
    char num[32];
    int ok = append(&buf, &len, &cap, cwd) == 0 && append(&buf, &len, &cap, ttys) == 0;
    snprintf(num, sizeof num, "%d", argc - 1);
    ok = ok && append(&buf, &len, &cap, num) == 0;
    for (int i = 1; ok && i < argc; i++) {
        ok = append(&buf, &len, &cap, argv[i]) == 0;
    }
    int envc = 0;
    for (int i = 0; ENV_NAMES[i] != NULL; i++) {
        envc += getenv(ENV_NAMES[i]) != NULL;
    }
    snprintf(num, sizeof num, "%d", envc);
    ok = ok && append(&buf, &len, &cap, num) == 0;
    for (int i = 0; ok && ENV_NAMES[i] != NULL; i++) {
        const char *v = getenv(ENV_NAMES[i]);
        if (v != NULL) {
            size_t n = strlen(ENV_NAMES[i]) + strlen(v) + 2;
            char *kv = malloc(n);
            ok = kv != NULL;
            if (ok) {
                snprintf(kv, n, "%s=%s", ENV_NAMES[i], v);
                ok = append(&buf, &len, &cap, kv) == 0;
                free(kv);
            }
        }
    }
    if (!ok) {
        fallback("run", path);
    }

    unsigned char head[8] = {'J', 'C', 'T', '1', (unsigned char) (len >> 24), (unsigned char) (len >> 16),
                             (unsigned char) (len >> 8), (unsigned char) len};
    int fds[3] = {0, 1, 2};
    char control[CMSG_SPACE(sizeof fds)];
    memset(control, 0, sizeof control);
    struct iovec iov = {head, sizeof head};
    struct msghdr msg;
    memset(&msg, 0, sizeof msg);
    msg.msg_iov = &iov;
    msg.msg_iovlen = 1;
    msg.msg_control = control;
    msg.msg_controllen = sizeof control;
    struct cmsghdr *c = CMSG_FIRSTHDR(&msg);
    c->cmsg_level = SOL_SOCKET;
    c->cmsg_type = SCM_RIGHTS;
    c->cmsg_len = CMSG_LEN(sizeof fds);
    memcpy(CMSG_DATA(c), fds, sizeof fds);
    ssize_t sent;
    do {
        sent = sendmsg(fd, &msg, MSG_NOSIGNAL);
    } while (sent < 0 && errno == EINTR);
    if (sent != (ssize_t) sizeof head || write_all(fd, buf, len) != 0) {
        /* Nothing ran yet: the daemon is going away; run it the ordinary way. */
        fallback("start", path);
    }
    free(buf);

    unsigned char reply[5];
    if (read_all(fd, reply, sizeof reply) != 0) {
        fprintf(stderr, "jctl: the jctl daemon stopped during the command (see its log next to %s); "
                        "JCTL_NO_DAEMON=1 runs without it\n", path);
        return 1;
    }
    int code = (reply[1] << 24) | (reply[2] << 16) | (reply[3] << 8) | reply[4];
    if (reply[0] == 'F') {
        close(fd);
        fallback("run", path);
    }
    return code;
}

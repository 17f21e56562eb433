/*
 * jctl-shim: the runtime's one native helper, in the spirit of runc's nsexec and conmon.
 *
 * Why it exists: the JVM is multi-threaded and must not fork() to run code in the child, and a new
 * PID namespace only takes effect for children. The last steps before a workload runs (enter the
 * pod's namespaces, become PID 1 of a new PID namespace, mount /proc, /dev and /sys, pivot_root,
 * drop capabilities, set no_new_privs, switch uid/gid, exec) therefore happen here, in a small
 * single-threaded C program. Everything else (overlayfs, cgroup creation and limits, pod
 * namespaces, state) stays in Java.
 *
 *   jctl-shim run SPEC    start a container; prints "ok <monitor-pid> <workload-pid> <started-at-ns>" or
 *                         "error <message>" and returns at once. A monitor forked from a new
 *                         session stays behind (so it is not the JVM's child and survives a runtime
 *                         restart), relays the workload's stdout/stderr into the CRI log file and
 *                         writes the exit file when the workload ends.
 *   jctl-shim exec SPEC   run a command inside a running container (setns into its namespaces,
 *                         including pid and mnt); stdio is inherited; exits with the command's
 *                         code (128+signal when killed). SIGTERM/SIGINT/SIGHUP kill the command.
 *
 * SPEC is a small text file: one "key=value" per line, list keys repeat, a value escapes newline
 * as "\n" and backslash as "\\". Keys (both modes unless marked):
 *   arg=        argv, first is the program (PATH lookup with the container's PATH)
 *   env=        K=V of the workload's environment
 *   cwd=        working directory (created if missing)
 *   uid= gid= group=   credentials; group repeats for supplementary groups
 *   caps=       hex mask of the capabilities kept (bounding, effective, permitted, inheritable)
 *   no_new_privs=1
 *   cgroup=     a cgroup.procs file to join before anything else (repeats, one per v1 hierarchy)
 *   run only:   rootfs= (the root directory; bind-mounted, or with overlay= the overlayfs options to
 *               mount there inside the container's mount namespace), netns= ipcns= utsns= (files to setns), mntns= (a mount namespace
 *               file to copy the container's mount namespace from instead of the caller's), bind=ro|rw<TAB>src<TAB>dst,
 *               mask= (hidden paths), readonly= (read-only paths), sys_rw=1, readonly_rootfs=1,
 *               log= log_max= log_files= (CRI log file, rotation size, rotated files kept),
 *               pidfile= exitfile= (written atomically: "pid=\nstarted_at=" / "exit_code=\nsignal=\nfinished_at=")
 *   exec only:  pid= (host pid of the container's init), tty=1 (stdin/stdout through a new pty)
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <pty.h>
#include <sched.h>
#include <signal.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <grp.h>
#include <linux/capability.h>
#include <sys/ioctl.h>
#include <sys/mount.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/sysmacros.h>
#include <sys/types.h>
#include <sys/uio.h>
#include <sys/wait.h>

#define MAX_LIST 4096
#define LOG_LINE_MAX (16 * 1024)

extern char **environ;

struct list { char **v; int n; };

struct spec {
    struct list arg, env, group, cgroup, bind, mask, readonly;
    const char *cwd, *rootfs, *overlay, *netns, *ipcns, *utsns, *mntns, *log, *pidfile, *exitfile;
    long long log_max;
    int log_files, has_uid, sys_rw, readonly_rootfs, no_new_privs, tty;
    uid_t uid; gid_t gid;
    uint64_t caps;
    pid_t pid;
};

static int err_fd = 2;  /* where die() writes: the child's error pipe, or stderr */

static void die(const char *fmt, ...) {
    char buf[1024];
    va_list ap;
    int saved = errno;
    va_start(ap, fmt);
    int n = vsnprintf(buf, sizeof buf - 64, fmt, ap);
    va_end(ap);
    if (n < 0) n = 0;
    if (n > (int) sizeof buf - 64) n = sizeof buf - 64;
    if (saved) n += snprintf(buf + n, sizeof buf - n, ": %s", strerror(saved));
    buf[n++] = '\n';
    if (write(err_fd, buf, n) < 0) { /* nothing left to tell */ }
    _exit(127);
}

static void list_add(struct list *l, char *s) {
    if (l->n + 1 >= MAX_LIST) { errno = 0; die("spec: too many entries"); }
    if (!l->v) l->v = calloc(MAX_LIST, sizeof(char *));
    l->v[l->n++] = s;
    l->v[l->n] = NULL;
}

static char *unescape(char *s) {
    char *o = s, *r = s;
    for (; *r; r++) {
        if (*r == '\\' && r[1]) { r++; *o++ = *r == 'n' ? '\n' : *r; } else *o++ = *r;
    }
    *o = 0;
    return s;
}

static void parse_spec(const char *path, struct spec *s) {
    FILE *f = fopen(path, "re");
    if (!f) die("open spec %s", path);
    memset(s, 0, sizeof *s);
    s->cwd = "/";
    s->log_max = 10 * 1024 * 1024;
    s->log_files = 1;
    char *line = NULL;
    size_t cap = 0;
    ssize_t len;
    while ((len = getline(&line, &cap, f)) > 0) {
        if (line[len - 1] == '\n') line[--len] = 0;
        char *eq = strchr(line, '=');
        if (!eq || line[0] == '#') continue;
        *eq = 0;
        const char *k = line;
        char *v = unescape(strdup(eq + 1));
        if (!strcmp(k, "arg")) list_add(&s->arg, v);
        else if (!strcmp(k, "env")) list_add(&s->env, v);
        else if (!strcmp(k, "group")) list_add(&s->group, v);
        else if (!strcmp(k, "cgroup")) list_add(&s->cgroup, v);
        else if (!strcmp(k, "bind")) list_add(&s->bind, v);
        else if (!strcmp(k, "mask")) list_add(&s->mask, v);
        else if (!strcmp(k, "readonly")) list_add(&s->readonly, v);
        else if (!strcmp(k, "cwd")) s->cwd = v;
        else if (!strcmp(k, "rootfs")) s->rootfs = v;
        else if (!strcmp(k, "overlay")) s->overlay = v;
        else if (!strcmp(k, "netns")) s->netns = v;
        else if (!strcmp(k, "ipcns")) s->ipcns = v;
        else if (!strcmp(k, "mntns")) s->mntns = v;
        else if (!strcmp(k, "utsns")) s->utsns = v;
        else if (!strcmp(k, "log")) s->log = v;
        else if (!strcmp(k, "log_max")) s->log_max = atoll(v);
        else if (!strcmp(k, "log_files")) s->log_files = atoi(v);
        else if (!strcmp(k, "pidfile")) s->pidfile = v;
        else if (!strcmp(k, "exitfile")) s->exitfile = v;
        else if (!strcmp(k, "uid")) { s->uid = (uid_t) atol(v); s->has_uid = 1; }
        else if (!strcmp(k, "gid")) s->gid = (gid_t) atol(v);
        else if (!strcmp(k, "caps")) s->caps = strtoull(v, NULL, 16);
        else if (!strcmp(k, "no_new_privs")) s->no_new_privs = atoi(v);
        else if (!strcmp(k, "sys_rw")) s->sys_rw = atoi(v);
        else if (!strcmp(k, "readonly_rootfs")) s->readonly_rootfs = atoi(v);
        else if (!strcmp(k, "tty")) s->tty = atoi(v);
        else if (!strcmp(k, "pid")) s->pid = (pid_t) atol(v);
    }
    free(line);
    fclose(f);
    if (s->arg.n == 0) { errno = 0; die("spec %s: no arg= lines (nothing to run)", path); }
    if (!s->env.v) s->env.v = calloc(1, sizeof(char *));
}

static long long now_ns(void) {
    struct timespec ts;
    clock_gettime(CLOCK_REALTIME, &ts);
    return (long long) ts.tv_sec * 1000000000LL + ts.tv_nsec;
}

/* Writes path atomically (tmp + rename) so that a reader never sees half a file. */
static int write_atomic(const char *path, const char *content) {
    char tmp[4096];
    snprintf(tmp, sizeof tmp, "%s.tmp", path);
    int fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
    if (fd < 0) return -1;
    size_t n = strlen(content);
    /* no fsync: after a host crash the processes these files describe are gone anyway */
    if (write(fd, content, n) != (ssize_t) n) { close(fd); return -1; }
    close(fd);
    return rename(tmp, path);
}

static void write_str(const char *path, const char *s) {
    int fd = open(path, O_WRONLY | O_CLOEXEC);
    if (fd < 0) die("open %s", path);
    if (write(fd, s, strlen(s)) < 0) die("write %s to %s", s, path);
    close(fd);
}

static void join_cgroups(struct spec *s) {
    for (int i = 0; i < s->cgroup.n; i++) write_str(s->cgroup.v[i], "0");
}

/* Moves pid into the cgroups; returns 0, or -1 with errno and the failing file in *failed. */
static int move_to_cgroups(struct spec *s, pid_t pid, const char **failed) {
    char buf[32];
    snprintf(buf, sizeof buf, "%d", (int) pid);
    for (int i = 0; i < s->cgroup.n; i++) {
        int fd = open(s->cgroup.v[i], O_WRONLY | O_CLOEXEC);
        if (fd < 0 || write(fd, buf, strlen(buf)) < 0) {
            int e = errno;
            if (fd >= 0) close(fd);
            *failed = s->cgroup.v[i];
            errno = e;
            return -1;
        }
        close(fd);
    }
    return 0;
}

static void mkdir_p(const char *path, mode_t mode) {
    char buf[4096];
    snprintf(buf, sizeof buf, "%s", path);
    for (char *p = buf + 1; *p; p++) {
        if (*p != '/') continue;
        *p = 0;
        if (mkdir(buf, mode) < 0 && errno != EEXIST) die("mkdir %s", buf);
        *p = '/';
    }
    if (mkdir(buf, mode) < 0 && errno != EEXIST) die("mkdir %s", buf);
}

static void mount_or_die(const char *src, const char *dst, const char *type, unsigned long flags, const char *data) {
    mkdir_p(dst, 0755);
    if (mount(src, dst, type, flags, data) < 0) die("mount %s on %s", type ? type : src, dst);
}

/* Credentials and privileges, last before exec: bounding set, ids, capability sets, no_new_privs. */
static void drop_privileges(struct spec *s) {
    for (int cap = 0; cap <= 63; cap++) {
        if (s->caps & (1ULL << cap)) continue;
        if (prctl(PR_CAPBSET_DROP, cap, 0, 0, 0) < 0 && errno != EINVAL) die("drop capability %d", cap);
    }
    prctl(PR_CAP_AMBIENT, PR_CAP_AMBIENT_CLEAR_ALL, 0, 0, 0);
    if (s->has_uid) {
        gid_t groups[MAX_LIST];
        for (int i = 0; i < s->group.n; i++) groups[i] = (gid_t) atol(s->group.v[i]);
        if (setgroups(s->group.n, groups) < 0) die("setgroups");
        if (setresgid(s->gid, s->gid, s->gid) < 0) die("setgid %d", (int) s->gid);
        if (setresuid(s->uid, s->uid, s->uid) < 0) die("setuid %d", (int) s->uid);
    }
    struct __user_cap_header_struct hdr = { _LINUX_CAPABILITY_VERSION_3, 0 };
    struct __user_cap_data_struct data[2];
    memset(data, 0, sizeof data);
    if (!s->has_uid || s->uid == 0) {
        for (int i = 0; i < 2; i++) {
            uint32_t w = (uint32_t) (s->caps >> (32 * i));
            data[i].effective = data[i].permitted = data[i].inheritable = w;
        }
    }
    if (syscall(SYS_capset, &hdr, data) < 0) die("capset");
    if (s->no_new_privs && prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) < 0) die("no_new_privs");
}

static void exec_workload(struct spec *s) {
    struct stat st;
    if (stat(s->cwd, &st) < 0 && errno == ENOENT) mkdir_p(s->cwd, 0755);
    drop_privileges(s);
    if (chdir(s->cwd) < 0) die("chdir %s", s->cwd);
    umask(022);
    environ = s->env.v;
    execvp(s->arg.v[0], s->arg.v);
    die("exec %s", s->arg.v[0]);
}

static void setns_path(const char *path, int type) {
    if (!path) return;
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0) die("open namespace %s", path);
    if (setns(fd, type) < 0) die("setns %s", path);
    close(fd);
}

static void mknod_dev(const char *path, int major, int minor) {
    if (mknod(path, S_IFCHR | 0666, makedev(major, minor)) < 0) die("mknod %s", path);
    chmod(path, 0666);
}

static void setup_dev(void) {
    mount_or_die("tmpfs", "/dev", "tmpfs", MS_NOSUID | MS_STRICTATIME, "mode=755,size=65536k");
    mknod_dev("/dev/null", 1, 3);
    mknod_dev("/dev/zero", 1, 5);
    mknod_dev("/dev/full", 1, 7);
    mknod_dev("/dev/random", 1, 8);
    mknod_dev("/dev/urandom", 1, 9);
    mknod_dev("/dev/tty", 5, 0);
    mount_or_die("devpts", "/dev/pts", "devpts", MS_NOSUID | MS_NOEXEC, "newinstance,ptmxmode=0666,mode=0620,gid=5");
    mount_or_die("shm", "/dev/shm", "tmpfs", MS_NOSUID | MS_NODEV | MS_NOEXEC, "mode=1777,size=65536k");
    symlink("pts/ptmx", "/dev/ptmx");
    symlink("/proc/self/fd", "/dev/fd");
    symlink("/proc/self/fd/0", "/dev/stdin");
    symlink("/proc/self/fd/1", "/dev/stdout");
    symlink("/proc/self/fd/2", "/dev/stderr");
}

#ifndef SYS_open_tree
#define SYS_open_tree 428
#endif
#ifndef SYS_move_mount
#define SYS_move_mount 429
#endif
#ifndef OPEN_TREE_CLONE
#define OPEN_TREE_CLONE 1
#endif
#ifndef MOVE_MOUNT_F_EMPTY_PATH
#define MOVE_MOUNT_F_EMPTY_PATH 0x00000004
#endif

/* A detached copy of a host path's mount tree (open_tree, Linux 5.2+), taken before pivot_root
 * so that the source is resolved on the host; attached after pivot_root with move_mount onto a
 * path resolved inside the container's root, so that the image's symlinks cannot lead out. */
static int clone_tree(const char *src) {
    return (int) syscall(SYS_open_tree, AT_FDCWD, src, OPEN_TREE_CLONE | O_CLOEXEC | AT_RECURSIVE);
}

static void attach_tree(int fd, const char *dst, int ro) {
    struct stat st;
    if (fstat(fd, &st) < 0) die("stat bind source for %s", dst);
    if (S_ISDIR(st.st_mode)) {
        mkdir_p(dst, 0755);
    } else {
        char parent[4096];
        snprintf(parent, sizeof parent, "%s", dst);
        char *slash = strrchr(parent, '/');
        if (slash && slash != parent) { *slash = 0; mkdir_p(parent, 0755); }
        int f = open(dst, O_WRONLY | O_CREAT | O_CLOEXEC, 0644);
        if (f >= 0) close(f);
    }
    if (syscall(SYS_move_mount, fd, "", AT_FDCWD, dst, MOVE_MOUNT_F_EMPTY_PATH) < 0) die("bind mount onto %s", dst);
    if (ro && mount(NULL, dst, NULL, MS_BIND | MS_REMOUNT | MS_RDONLY, NULL) < 0) die("remount %s read-only", dst);
}

static void mask_path(const char *path) {
    struct stat st;
    if (stat(path, &st) < 0) return;
    if (S_ISDIR(st.st_mode)) {
        if (mount("tmpfs", path, "tmpfs", MS_RDONLY, "size=0") < 0) die("mask %s", path);
    } else if (mount("/dev/null", path, NULL, MS_BIND, NULL) < 0) die("mask %s", path);
}

static void readonly_path(const char *path) {
    struct stat st;
    if (stat(path, &st) < 0) return;
    if (mount(path, path, NULL, MS_BIND | MS_REC, NULL) < 0) die("bind %s", path);
    if (mount(NULL, path, NULL, MS_BIND | MS_REMOUNT | MS_RDONLY | MS_NOSUID | MS_NODEV | MS_NOEXEC, NULL) < 0)
        die("remount %s read-only", path);
}

/* The workload child: PID 1 of the new PID namespace. Never returns. The monitor moves it into the
 * container's cgroups while it sets up its mounts (a cgroup v1 migration waits for an RCU grace
 * period, so overlapping saves that wait); it execs only after cgroup_ready says they are joined, so
 * the workload is limited from its first instruction. */
static void container_init(struct spec *s, int cgroup_ready) {
    int bind_fd[MAX_LIST];
    setns_path(s->netns, CLONE_NEWNET);
    setns_path(s->ipcns, CLONE_NEWIPC);
    setns_path(s->utsns, CLONE_NEWUTS);
    /* Volume sources are taken from the host's mount namespace (detached copies are private). */
    for (int i = 0; i < s->bind.n; i++) {
        char *src = strchr(s->bind.v[i], '\t');
        char *dst = src ? strchr(src + 1, '\t') : NULL;
        if (!dst) { errno = 0; die("spec: bad bind line %s", s->bind.v[i]); }
        *dst = 0;
        bind_fd[i] = clone_tree(src + 1);
        *dst = '\t';
        if (bind_fd[i] < 0) die("open volume source %.*s", (int) (dst - src - 1), src + 1);
    }
    /* unshare copies every mount of the namespace it is called in: the runtime's template holds
     * the host's mounts without the pods' namespace files (three per pod), so that a container's
     * start does not cost time in proportion to the node's pods. */
    setns_path(s->mntns, CLONE_NEWNS);
    if (unshare(CLONE_NEWNS) < 0) die("unshare mount namespace");
    if (mount(NULL, "/", NULL, MS_REC | MS_PRIVATE, NULL) < 0) die("make / private");
    umask(0);
    if (s->overlay) {
        /* The container's root exists only in its own mount namespace: it goes away with the
         * container, and the host's mount table never sees it. */
        if (mount("overlay", s->rootfs, "overlay", 0, s->overlay) < 0) die("mount overlay on %s", s->rootfs);
    } else if (mount(s->rootfs, s->rootfs, NULL, MS_BIND | MS_REC, NULL) < 0) {
        die("bind rootfs %s", s->rootfs);
    }
    if (chdir(s->rootfs) < 0) die("chdir %s", s->rootfs);
    if (syscall(SYS_pivot_root, ".", ".") < 0) die("pivot_root %s", s->rootfs);
    if (umount2(".", MNT_DETACH) < 0) die("detach the host root");
    if (chdir("/") < 0) die("chdir /");
    mount_or_die("proc", "/proc", "proc", MS_NOSUID | MS_NOEXEC | MS_NODEV, NULL);
    setup_dev();
    mount_or_die("sysfs", "/sys", "sysfs", MS_NOSUID | MS_NOEXEC | MS_NODEV | (s->sys_rw ? 0 : MS_RDONLY), NULL);
    for (int i = 0; i < s->bind.n; i++) {
        char *dst = strchr(strchr(s->bind.v[i], '\t') + 1, '\t') + 1;
        attach_tree(bind_fd[i], dst, !strncmp(s->bind.v[i], "ro\t", 3));
        close(bind_fd[i]);
    }
    for (int i = 0; i < s->mask.n; i++) mask_path(s->mask.v[i]);
    for (int i = 0; i < s->readonly.n; i++) readonly_path(s->readonly.v[i]);
    if (s->readonly_rootfs && mount(NULL, "/", NULL, MS_BIND | MS_REMOUNT | MS_RDONLY, NULL) < 0)
        die("remount / read-only");
    char ok;
    ssize_t r;
    while ((r = read(cgroup_ready, &ok, 1)) < 0 && errno == EINTR) { }
    if (r != 1) _exit(127); /* the monitor failed to join the cgroups and says why */
    close(cgroup_ready);
    if (unshare(CLONE_NEWCGROUP) < 0) die("unshare cgroup namespace");
    exec_workload(s);
}

/* ---- the monitor: CRI log relay, exit file ---- */

struct logfile { const char *path; int fd; long long size, max; int files; };

static void log_open(struct logfile *l) {
    l->fd = open(l->path, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0640);
    struct stat st;
    l->size = l->fd >= 0 && fstat(l->fd, &st) == 0 ? st.st_size : 0;
}

static void log_rotate(struct logfile *l) {
    char from[4096], to[4096];
    for (int i = l->files - 1; i >= 1; i--) {
        snprintf(from, sizeof from, "%s.%d", l->path, i);
        snprintf(to, sizeof to, "%s.%d", l->path, i + 1);
        rename(from, to);
    }
    snprintf(to, sizeof to, "%s.1", l->path);
    if (l->files >= 1) rename(l->path, to); else unlink(l->path);
    close(l->fd);
    log_open(l);
}

static void log_line(struct logfile *l, const char *stream, const char *data, size_t n, int partial) {
    if (l->fd < 0) return;
    char head[96];
    long long t = now_ns();
    time_t sec = (time_t) (t / 1000000000LL);
    struct tm tm;
    gmtime_r(&sec, &tm);
    int h = snprintf(head, sizeof head, "%04d-%02d-%02dT%02d:%02d:%02d.%09lldZ %s %c ",
                     tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec,
                     t % 1000000000LL, stream, partial ? 'P' : 'F');
    if (l->max > 0 && l->size > 0 && l->size + h + (long long) n + 1 > l->max) log_rotate(l);
    struct iovec iov[3] = { { head, (size_t) h }, { (void *) data, n }, { "\n", 1 } };
    ssize_t w = writev(l->fd, iov, 3);
    if (w > 0) l->size += w;
}

struct stream { const char *name; int fd; char buf[LOG_LINE_MAX]; size_t len; };

/* Reads what is there; writes every complete line, and a partial one when the buffer is full. */
static void stream_pump(struct stream *st, struct logfile *l) {
    ssize_t r = read(st->fd, st->buf + st->len, sizeof st->buf - st->len);
    if (r < 0 && errno == EINTR) return;
    if (r <= 0) {
        if (st->len) log_line(l, st->name, st->buf, st->len, 0);
        st->len = 0;
        close(st->fd);
        st->fd = -1;
        return;
    }
    st->len += (size_t) r;
    size_t start = 0;
    for (size_t i = 0; i < st->len; i++) {
        if (st->buf[i] != '\n') continue;
        log_line(l, st->name, st->buf + start, i - start, 0);
        start = i + 1;
    }
    if (start == 0 && st->len == sizeof st->buf) {
        log_line(l, st->name, st->buf, st->len, 1);
        start = st->len;
    }
    memmove(st->buf, st->buf + start, st->len - start);
    st->len -= start;
}

static void report(int fd, const char *fmt, ...) {
    char buf[1200];
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(buf, sizeof buf, fmt, ap);
    va_end(ap);
    if (n > (int) sizeof buf) n = sizeof buf;
    if (write(fd, buf, n) < 0) { /* the JVM went away; the monitor carries on */ }
}

static int monitor(struct spec *s, int report_fd) {
    int out[2], err[2], sync[2], cg[2];
    if (pipe2(out, O_CLOEXEC) < 0 || pipe2(err, O_CLOEXEC) < 0 || pipe2(sync, O_CLOEXEC) < 0 || pipe2(cg, O_CLOEXEC) < 0)
        die("pipe");
    static struct stream so = { "stdout", -1, {0}, 0 }, se = { "stderr", -1, {0}, 0 };
    struct logfile l = { s->log, -1, 0, s->log_max, s->log_files };
    if (s->log) log_open(&l);
    if (unshare(CLONE_NEWPID) < 0) die("unshare pid namespace");
    pid_t child = fork();
    if (child < 0) die("fork");
    if (child == 0) {
        err_fd = sync[1];
        close(report_fd);
        prctl(PR_SET_PDEATHSIG, SIGKILL, 0, 0, 0);
        int null = open("/dev/null", O_RDONLY);
        if (null < 0 || dup2(null, 0) < 0 || dup2(out[1], 1) < 0 || dup2(err[1], 2) < 0) die("stdio");
        if (null > 2) close(null);
        close(cg[1]);
        container_init(s, cg[0]);
    }
    close(out[1]);
    close(err[1]);
    close(sync[1]);
    close(cg[0]);
    const char *failed = NULL;
    char why[1024] = "";
    if (move_to_cgroups(s, child, &failed) < 0) {
        /* the child's own error, if it died first, is the better message (read below) */
        snprintf(why, sizeof why, "join cgroup %s: %s", failed, strerror(errno));
    } else if (write(cg[1], "1", 1) != 1) {
        /* the child died; its error arrives through sync */
    }
    close(cg[1]);
    char msg[1024];
    ssize_t n = 0, r;
    while ((r = read(sync[0], msg + n, sizeof msg - 1 - n)) != 0) {
        if (r < 0 && errno == EINTR) continue;
        if (r < 0) break;
        n += r;
    }
    close(sync[0]);
    if (n == 0 && why[0]) {
        kill(child, SIGKILL);
        n = snprintf(msg, sizeof msg, "%s", why);
    }
    if (n > 0) {
        while (n > 0 && msg[n - 1] == '\n') n--;
        msg[n] = 0;
        waitpid(child, NULL, 0);
        report(report_fd, "error %s\n", msg);
        return 1;
    }
    char buf[256];
    long long started = now_ns();
    snprintf(buf, sizeof buf, "pid=%d\nstarted_at=%lld\n", (int) child, started);
    if (s->pidfile && write_atomic(s->pidfile, buf) < 0) {
        report(report_fd, "error write %s: %s\n", s->pidfile, strerror(errno));
        kill(child, SIGKILL);
        waitpid(child, NULL, 0);
        return 1;
    }
    report(report_fd, "ok %d %d %lld\n", (int) getpid(), (int) child, started);
    close(report_fd);

    so.fd = out[0];
    se.fd = err[0];
    while (so.fd >= 0 || se.fd >= 0) {
        struct pollfd p[2] = { { so.fd, POLLIN, 0 }, { se.fd, POLLIN, 0 } };
        if (poll(p, 2, -1) < 0) {
            if (errno == EINTR) continue;
            break;
        }
        if (p[0].revents) stream_pump(&so, &l);
        if (p[1].revents) stream_pump(&se, &l);
    }
    int status = 0;
    while (waitpid(child, &status, 0) < 0 && errno == EINTR) { }
    int code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
    int sig = WIFSIGNALED(status) ? WTERMSIG(status) : 0;
    snprintf(buf, sizeof buf, "exit_code=%d\nsignal=%d\nfinished_at=%lld\n", code, sig, now_ns());
    if (s->exitfile) write_atomic(s->exitfile, buf);
    return 0;
}

static int cmd_run(struct spec *s) {
    int rep[2];
    if (!s->rootfs) { errno = 0; die("spec: no rootfs="); }
    if (pipe2(rep, O_CLOEXEC) < 0) die("pipe");
    /* A new session, then one fork: the monitor is neither the JVM's child nor a session leader
     * (so it never gets a controlling terminal), and is re-parented to init when we exit. */
    setsid();
    pid_t mon = fork();
    if (mon < 0) die("fork");
    if (mon == 0) {
        close(rep[0]);
        int null = open("/dev/null", O_RDWR);
        dup2(null, 0); dup2(null, 1); dup2(null, 2);
        if (null > 2) close(null);
        signal(SIGPIPE, SIG_IGN);
        if (chdir("/") < 0) { /* stays where it is; only keeps a directory busy */ }
        err_fd = rep[1];
        /* die() here reaches the JVM through the report pipe as "error …". */
        _exit(monitor(s, rep[1]));
    }
    close(rep[1]);
    char buf[1200];
    ssize_t n = 0, r;
    while (n < (ssize_t) sizeof buf - 1 && (r = read(rep[0], buf + n, sizeof buf - 1 - n)) != 0) {
        if (r < 0 && errno == EINTR) continue;
        if (r < 0) break;
        n += r;
        if (buf[n - 1] == '\n') break;
    }
    buf[n] = 0;
    if (n == 0) strcpy(buf, "error the monitor ended without a word\n");
    if (strncmp(buf, "ok ", 3) && strncmp(buf, "error ", 6)) {
        /* die() in the monitor writes a bare message */
        char tmp[1200];
        snprintf(tmp, sizeof tmp, "error %s", buf);
        strcpy(buf, tmp);
    }
    fputs(buf, stdout);
    fflush(stdout);
    return strncmp(buf, "ok ", 3) == 0 ? 0 : 1;
}

static pid_t exec_child;

static void forward_kill(int sig) {
    (void) sig;
    if (exec_child > 0) kill(exec_child, SIGKILL);
}

/* Copies between fds until `from` ends; returns 0 at EOF. */
static int relay(int from, int to) {
    char buf[8192];
    ssize_t r = read(from, buf, sizeof buf);
    if (r <= 0) return 0;
    for (ssize_t off = 0; off < r;) {
        ssize_t w = write(to, buf + off, r - off);
        if (w <= 0) return 0;
        off += w;
    }
    return 1;
}

static int cmd_exec(struct spec *s) {
    static const struct { const char *name; int type; } ns[] = {
        { "ipc", CLONE_NEWIPC }, { "uts", CLONE_NEWUTS }, { "net", CLONE_NEWNET },
        { "cgroup", CLONE_NEWCGROUP }, { "pid", CLONE_NEWPID }, { "mnt", CLONE_NEWNS },
    };
    int fds[6];
    char path[128];
    if (s->pid <= 0) { errno = 0; die("spec: no pid="); }
    for (int i = 0; i < 6; i++) {
        snprintf(path, sizeof path, "/proc/%d/ns/%s", (int) s->pid, ns[i].name);
        fds[i] = open(path, O_RDONLY | O_CLOEXEC);
        if (fds[i] < 0) die("the container is not running (open %s)", path);
    }
    join_cgroups(s);
    for (int i = 0; i < 6; i++) {
        if (setns(fds[i], ns[i].type) < 0) die("setns %s of pid %d", ns[i].name, (int) s->pid);
        close(fds[i]);
    }
    int master = -1, slave = -1;
    if (s->tty && openpty(&master, &slave, NULL, NULL, NULL) < 0) die("openpty");
    int sync[2];
    if (pipe2(sync, O_CLOEXEC) < 0) die("pipe");
    signal(SIGTERM, forward_kill);
    signal(SIGINT, forward_kill);
    signal(SIGHUP, forward_kill);
    exec_child = fork();
    if (exec_child < 0) die("fork");
    if (exec_child == 0) {
        signal(SIGTERM, SIG_DFL);
        signal(SIGINT, SIG_DFL);
        signal(SIGHUP, SIG_DFL);
        prctl(PR_SET_PDEATHSIG, SIGKILL, 0, 0, 0);
        if (s->tty) {
            setsid();
            if (ioctl(slave, TIOCSCTTY, 0) < 0) die("controlling terminal");
            dup2(slave, 0); dup2(slave, 1); dup2(slave, 2);
            close(slave); close(master);
        }
        err_fd = sync[1];
        exec_workload(s);
    }
    close(sync[1]);
    char msg[1024];
    ssize_t n = read(sync[0], msg, sizeof msg);
    if (n > 0 && write(2, msg, n) < 0) { }
    close(sync[0]);
    if (s->tty) {
        close(slave);
        int in_open = 1;
        for (;;) {
            struct pollfd p[2] = { { master, POLLIN, 0 }, { in_open ? 0 : -1, POLLIN, 0 } };
            if (poll(p, 2, -1) < 0) { if (errno == EINTR) continue; break; }
            if (p[0].revents && !relay(master, 1)) break;
            if (p[1].revents && !relay(0, master)) { in_open = 0; char eot = 4; if (write(master, &eot, 1) < 0) { } }
        }
    }
    int status = 0;
    while (waitpid(exec_child, &status, 0) < 0 && errno == EINTR) { }
    if (n > 0) return 127;
    return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

int main(int argc, char **argv) {
    if (argc != 3 || (strcmp(argv[1], "run") && strcmp(argv[1], "exec"))) {
        fprintf(stderr, "usage: jctl-shim run|exec SPEC\n");
        return 2;
    }
    struct spec s;
    parse_spec(argv[2], &s);
    return !strcmp(argv[1], "run") ? cmd_run(&s) : cmd_exec(&s);
}
